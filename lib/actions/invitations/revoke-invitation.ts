"use server";

import { revokeInvitation as revokeInvitationService } from "@/lib/invitations/revoke-invitation";
import { invitationRefSchema } from "@/lib/invitations/schemas";
import { authedAction } from "../action";

export const revokeInvitation = authedAction(invitationRefSchema, async (input, actor) => {
  const result = await revokeInvitationService(actor, input);
  return { data: result, message: `Invitation for ${result.email} revoked. Its link no longer works.` };
});
