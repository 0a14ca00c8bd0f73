"use server";

import { revalidatePath } from "next/cache";
import { requireTwoFactorSchema, setTeamTwoFactorRequirement } from "@/lib/teams/require-two-factor";
import { authedAction } from "../action";

export const setTwoFactorRequirement = authedAction(requireTwoFactorSchema, async (input, actor) => {
  const result = await setTeamTwoFactorRequirement(actor, input);
  revalidatePath("/", "layout");
  return {
    data: result,
    message: result.required ? "Two-factor authentication is now required for every member." : "Two-factor authentication is no longer required.",
  };
});
