"use server";

import { updateSettingsSchema } from "@/lib/operator/schemas";
import { updateOperatorSettings as updateOperatorSettingsService } from "@/lib/operator/settings";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const updateOperatorSettings = authedAction(updateSettingsSchema, async (input, actor) => {
  const { changed } = await updateOperatorSettingsService(actor, input);
  revalidateOperatorPages();
  return { data: null, message: changed ? "Settings saved." : "Nothing changed." };
});
