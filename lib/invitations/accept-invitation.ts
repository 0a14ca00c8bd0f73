import { markEmailConfirmed } from "../account/email-verification";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { isRole, ROLE_LABELS, type Role } from "../permissions";
import { parseInput } from "../validation";
import { invitationState } from "./get-invitation-by-token";
import { revokeOne } from "./revoke-beyond-authority";
import { mayGrant, rolesThatMayGrant } from "./rules";
import { acceptInvitationSchema } from "./schemas";
import { hashInvitationToken, isWellFormedToken } from "./token";

export type AcceptedInvitation = { team: { id: string; slug: string; name: string }; role: Role; alreadyMember: boolean };

const STATE_MESSAGES = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask the team for a new one.",
  expired: "This invitation has expired. Ask the team to send a new one.",
} as const;

export function inviterLostAuthorityMessage(role: Role, teamName: string): string {
  return `This invitation is no longer valid: the person who sent it can no longer invite people as ${ROLE_LABELS[role]}. Ask an owner or admin of ${teamName} to invite you again.`;
}

/**
 * Joins the team named by the invitation. The invitation is claimed by a
 * conditional update in the same transaction that creates the membership, so
 * two concurrent accepts cannot both succeed. The inviter must still be a
 * member who may grant the invited role: otherwise the invitation is revoked
 * (that much is committed and audited) and the invitee refused.
 */
export async function acceptInvitation(actor: Actor, input: { token: string }): Promise<AcceptedInvitation> {
  const { token } = parseInput(acceptInvitationSchema, input);
  const notFound = new AppError("NOT_FOUND", "This invitation link is not valid. Check that you copied all of it.");
  if (!isWellFormedToken(token)) throw notFound;
  const now = new Date();

  const outcome = await db.$transaction(async (tx): Promise<{ refused: string } | { accepted: AcceptedInvitation }> => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      include: { team: { select: { id: true, slug: true, name: true } }, invitedBy: { select: { email: true } } },
    });
    if (!invitation || !isRole(invitation.role)) throw notFound;
    const role = invitation.role;
    const state = invitationState(invitation, now);
    if (state !== "valid") throw new AppError("CONFLICT", STATE_MESSAGES[state]);
    if (actor.email.trim().toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${invitation.email}, but you're signed in as ${actor.email}. Sign in as ${invitation.email} to accept it.`,
      );
    }

    const inviter = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invitation.teamId, userId: invitation.invitedById } },
      select: { role: true },
    });
    if (!inviter || !isRole(inviter.role) || !mayGrant(inviter.role, role)) {
      // Returned, not thrown: the revocation must commit even though the invitee is refused.
      await revokeOne(tx, actor, {
        teamId: invitation.teamId,
        invitation,
        inviter: { userId: invitation.invitedById, email: invitation.invitedBy.email },
        reason: "inviter_cannot_grant",
      }, now);
      return { refused: inviterLostAuthorityMessage(role, invitation.team.name) };
    }

    // The inviter's authority is part of the claim itself, so a demotion committed
    // in between (on a database that runs both at once) cannot be slipped past.
    const claimed = await tx.invitation.updateMany({
      where: {
        id: invitation.id,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
        invitedBy: { memberships: { some: { teamId: invitation.teamId, role: { in: rolesThatMayGrant(role) } } } },
      },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) {
      const fresh = await tx.invitation.findUnique({ where: { id: invitation.id }, select: { acceptedAt: true, revokedAt: true } });
      throw new AppError(
        "CONFLICT",
        fresh?.acceptedAt || !fresh ? STATE_MESSAGES.accepted : fresh.revokedAt ? STATE_MESSAGES.revoked : inviterLostAuthorityMessage(role, invitation.team.name),
      );
    }

    // The invitation was sent to this account's address, and its link reached the account's owner: that proves the address.
    await markEmailConfirmed(tx, actor.userId, invitation.email.toLowerCase(), "invitation", actor, now);

    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invitation.teamId, userId: actor.userId } },
      select: { role: true },
    });
    if (existing && isRole(existing.role)) {
      return { accepted: { team: invitation.team, role: existing.role, alreadyMember: true } };
    }
    const membership = await tx.membership.create({
      data: { teamId: invitation.teamId, userId: actor.userId, role },
    });
    await recordAudit(tx, actor, {
      teamId: invitation.teamId,
      action: "member.joined",
      targetType: "member",
      targetId: actor.userId,
      targetLabel: actor.email,
      metadata: { role, invitationId: invitation.id, membershipId: membership.id },
    });
    return { accepted: { team: invitation.team, role, alreadyMember: false } };
  });

  if ("refused" in outcome) throw new AppError("CONFLICT", outcome.refused);
  return outcome.accepted;
}
