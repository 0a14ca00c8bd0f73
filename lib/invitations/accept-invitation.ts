import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { isRole, type Role } from "../permissions";
import { parseInput } from "../validation";
import { invitationState } from "./get-invitation-by-token";
import { acceptInvitationSchema } from "./schemas";
import { hashInvitationToken, isWellFormedToken } from "./token";

export type AcceptedInvitation = { team: { id: string; slug: string; name: string }; role: Role; alreadyMember: boolean };

const STATE_MESSAGES = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask the team for a new one.",
  expired: "This invitation has expired. Ask the team to send a new one.",
} as const;

/**
 * Joins the team named by the invitation. The invitation is claimed by a
 * conditional update in the same transaction that creates the membership, so
 * two concurrent accepts cannot both succeed.
 */
export async function acceptInvitation(actor: Actor, input: { token: string }): Promise<AcceptedInvitation> {
  const { token } = parseInput(acceptInvitationSchema, input);
  const notFound = new AppError("NOT_FOUND", "This invitation link is not valid. Check that you copied all of it.");
  if (!isWellFormedToken(token)) throw notFound;
  const now = new Date();

  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      include: { team: { select: { id: true, slug: true, name: true } } },
    });
    if (!invitation || !isRole(invitation.role)) throw notFound;
    const state = invitationState(invitation, now);
    if (state !== "valid") throw new AppError("CONFLICT", STATE_MESSAGES[state]);
    if (actor.email.trim().toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${invitation.email}, but you're signed in as ${actor.email}. Sign in as ${invitation.email} to accept it.`,
      );
    }

    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("CONFLICT", STATE_MESSAGES.accepted);

    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invitation.teamId, userId: actor.userId } },
      select: { role: true },
    });
    if (existing && isRole(existing.role)) {
      return { team: invitation.team, role: existing.role, alreadyMember: true };
    }
    const membership = await tx.membership.create({
      data: { teamId: invitation.teamId, userId: actor.userId, role: invitation.role },
    });
    await recordAudit(tx, actor, {
      teamId: invitation.teamId,
      action: "member.joined",
      targetType: "member",
      targetId: actor.userId,
      targetLabel: actor.email,
      metadata: { role: invitation.role, invitationId: invitation.id, membershipId: membership.id },
    });
    return { team: invitation.team, role: invitation.role, alreadyMember: false };
  });
}
