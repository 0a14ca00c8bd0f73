import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { canAssignRole } from "../permissions";
import { parseInput } from "../validation";
import { deliverInvitation } from "./deliver";
import type { InvitationIssued } from "./invite-member";
import { assertNotMember, assignRoleRefusal, findOpenInvitation } from "./rules";
import { invitationRefSchema, type InvitationRef } from "./schemas";
import { generateInvitationToken, hashInvitationToken, invitationUrl, newExpiry } from "./token";

/**
 * A new token replaces the old one (whose link stops working at once), with a
 * fresh 7-day expiry. It is also how an older invitation's link is copied
 * again, since only the hash of a token is ever stored.
 */
export async function resendInvitation(actor: Actor, input: InvitationRef): Promise<InvitationIssued> {
  const { teamId, invitationId } = parseInput(invitationRefSchema, input);
  const token = generateInvitationToken();
  const now = new Date();

  const invitation = await db.$transaction(async (tx) => {
    const me = await requireMembership(tx, actor.userId, teamId, "invitations.manage");
    const found = await findOpenInvitation(tx, teamId, invitationId);
    if (found.revokedAt) throw new AppError("CONFLICT", `This invitation was revoked. Invite ${found.email} again instead.`);
    if (!canAssignRole(me.role, found.role)) throw assignRoleRefusal(found.role, "resend");
    await assertNotMember(tx, teamId, found.email);
    const expiresAt = newExpiry(now);
    await tx.invitation.update({
      where: { id: found.id },
      data: { tokenHash: hashInvitationToken(token), sentAt: now, expiresAt },
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "invitation.resent",
      targetType: "invitation",
      targetId: found.id,
      targetLabel: found.email,
      metadata: { role: found.role },
    });
    return { ...found, expiresAt };
  });

  const delivery = await deliverInvitation(invitation, token);
  return {
    invitationId: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    inviteUrl: invitationUrl(token),
    delivery,
  };
}

