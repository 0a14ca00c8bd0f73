"use server";

import { revalidatePath } from "next/cache";
import { leaveTeam as leaveTeamService } from "@/lib/teams/leave-team";
import { leaveTeamSchema } from "@/lib/teams/schemas";
import { authedAction } from "../action";
import { revokedInvitationsNote } from "../members/messages";

export const leaveTeam = authedAction(leaveTeamSchema, async (input, actor) => {
  const result = await leaveTeamService(actor, input);
  revalidatePath("/", "layout");
  return { data: result, message: `You left the team.${revokedInvitationsNote(result.revokedInvitations, "you")}` };
});
