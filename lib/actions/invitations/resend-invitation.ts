"use server";

import { deliveryMessage } from "@/lib/invitations/deliver";
import { resendInvitation as resendInvitationService } from "@/lib/invitations/resend-invitation";
import { invitationRefSchema } from "@/lib/invitations/schemas";
import { authedAction } from "../action";

/** Also backs "Copy new link": the returned inviteUrl is the only copy of the new token. */
export const resendInvitation = authedAction(invitationRefSchema, async (input, actor) => {
  const result = await resendInvitationService(actor, input);
  return { data: result, message: deliveryMessage(result.email, result.delivery, "resent") };
});
