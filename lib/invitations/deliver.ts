import { sendEmail } from "../email/send-email";
import type { Role } from "../permissions";
import { renderInvitationEmail } from "./invitation-email";
import { invitationUrl } from "./token";

export type Delivery = "sent" | "logged" | "failed";

export const EMAIL_FAILED_MESSAGE = "Invitation created, but the email could not be sent — copy the link instead.";

export type DeliverableInvitation = {
  email: string;
  role: Role;
  message: string;
  expiresAt: Date;
  team: { name: string };
  invitedBy: { name: string; email: string };
};

/**
 * Runs after the invitation is committed: a mail failure must not undo the
 * invitation, since the inviter can still copy the link.
 */
export async function deliverInvitation(invitation: DeliverableInvitation, token: string): Promise<Delivery> {
  const content = renderInvitationEmail({
    to: invitation.email,
    teamName: invitation.team.name,
    inviterName: invitation.invitedBy.name,
    inviterEmail: invitation.invitedBy.email,
    role: invitation.role,
    message: invitation.message,
    url: invitationUrl(token),
    expiresAt: invitation.expiresAt,
  });
  try {
    const result = await sendEmail({ to: invitation.email, ...content });
    return result.via === "smtp" ? "sent" : "logged";
  } catch (error) {
    console.error(`[invitations] could not email the invitation to ${invitation.email}`, error);
    return "failed";
  }
}

export function deliveryMessage(email: string, delivery: Delivery, verb: "sent" | "resent" = "sent"): string {
  if (delivery === "sent") return `Invitation ${verb} to ${email}.`;
  if (delivery === "logged") return "Invitation created. Email isn't set up on this server, so copy the link and send it yourself.";
  return EMAIL_FAILED_MESSAGE;
}
