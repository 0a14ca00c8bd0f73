"use server";

import { setTeamLimitsSchema } from "@/lib/operator/schemas";
import { setTeamLimits as setTeamLimitsService } from "@/lib/operator/team-controls";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const setTeamLimits = authedAction(setTeamLimitsSchema, async (input, actor) => {
  const { changed, teamName } = await setTeamLimitsService(actor, input);
  revalidateOperatorPages();
  return { data: null, message: changed ? `Limits of ${teamName} saved.` : "Nothing changed." };
});
