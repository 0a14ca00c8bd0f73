"use server";

import { suspendTeamSchema } from "@/lib/operator/schemas";
import { suspendTeam as suspendTeamService } from "@/lib/operator/team-controls";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const suspendTeam = authedAction(suspendTeamSchema, async (input, actor) => {
  const { teamName } = await suspendTeamService(actor, input);
  revalidateOperatorPages();
  return { data: null, message: `Suspended ${teamName}. Its keys now answer TEAM_SUSPENDED.` };
});
