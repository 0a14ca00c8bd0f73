import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { canAssignRole, type Role } from "../permissions";
import { parseInput } from "../validation";
import { deliverInvitation, type Delivery } from "./deliver";
import { assertNoPendingInvitation, assertNotMember, assignRoleRefusal } from "./rules";
import { inviteMemberSchema, type InviteMemberInput } from "./schemas";
import { generateInvitationToken, hashInvitationToken, invitationUrl, newExpiry } from "./token";

export type InvitationIssued = {
  invitationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** The only time the plain link exists: the database keeps just its hash. */
  inviteUrl: string;
  delivery: Delivery;
};

export async function inviteMember(actor: Actor, input: InviteMemberInput): Promise<InvitationIssued> {
  const { teamId, email, role, message } = parseInput(inviteMemberSchema, input);
  const token = generateInvitationToken();
  const now = new Date();

  const invitation = await db.$transaction(async (tx) => {
    const me = await requireMembership(tx, actor.userId, teamId, "members.invite");
    if (!canAssignRole(me.role, role)) throw assignRoleRefusal(role, "invite");
    await assertNotMember(tx, teamId, email);
    await assertNoPendingInvitation(tx, teamId, email, now);
    // Expired leftovers for this address are superseded, so the pending list shows one row per person.
    const superseded = await tx.invitation.updateMany({
      where: { teamId, email, acceptedAt: null, revokedAt: null, expiresAt: { lte: now } },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: { teamId, email, role, message, tokenHash: hashInvitationToken(token), invitedById: actor.userId, sentAt: now, expiresAt: newExpiry(now) },
      include: { team: { select: { name: true } }, invitedBy: { select: { name: true, email: true } } },
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "member.invited",
      targetType: "invitation",
      targetId: created.id,
      targetLabel: email,
      // Retiring the expired leftovers is part of this change, so the record says so.
      metadata: superseded.count ? { role, supersededExpired: superseded.count } : { role },
    });
    return created;
  });

  const delivery = await deliverInvitation({ ...invitation, role }, token);
  return { invitationId: invitation.id, email, role, expiresAt: invitation.expiresAt, inviteUrl: invitationUrl(token), delivery };
}
