"use server";

import { removeMember as removeMemberService } from "@/lib/members/remove-member";
import { removeMemberSchema } from "@/lib/members/schemas";
import { authedAction } from "../action";
import { revokedInvitationsNote } from "./messages";

export const removeMember = authedAction(removeMemberSchema, async (input, actor) => {
  const result = await removeMemberService(actor, input);
  return { data: result, message: `${result.email} was removed from the team.${revokedInvitationsNote(result.revokedInvitations, "they")}` };
});
