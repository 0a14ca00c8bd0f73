"use server";

import { acceptInvitation as acceptInvitationService } from "@/lib/invitations/accept-invitation";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { authedAction } from "../action";

export const acceptInvitation = authedAction(acceptInvitationSchema, async (input, actor) => {
  const result = await acceptInvitationService(actor, input);
  return {
    data: result,
    message: result.alreadyMember ? `You're already a member of ${result.team.name}.` : `Welcome to ${result.team.name}!`,
  };
});
