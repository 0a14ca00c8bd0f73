"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { TeamBudgetInput } from "@/lib/policy/schemas";
import { setTeamBudget as setTeamBudgetService } from "@/lib/policy/team-budget";
import { authedAction } from "../action";

// Parsed once, in the service, after the permission check (the schema transforms, so it can't run twice).
const asSent = z.custom<TeamBudgetInput>((v) => typeof v === "object" && v !== null);

export const setTeamBudget = authedAction(asSent, async (input, actor) => {
  const budget = await setTeamBudgetService(actor, input);
  revalidatePath("/[team]", "layout");
  return { data: budget, message: "Budget and alerts saved." };
});
