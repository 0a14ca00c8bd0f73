import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { requireMembership } from "../membership";
import { canAssignRole, type Role } from "../permissions";
import { lockTeam } from "../row-lock";
import { parseInput } from "../validation";
import { deliverInvitation, type Delivery } from "./deliver";
import { withInvitationEmail, type InvitationQuotaOptions } from "./limits";
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

/** When it happens (tests pin it) and which limiter counts the email. */
export type InvitationCallOptions = { now?: Date } & Pick<InvitationQuotaOptions, "limiter" | "limits">;

/** Everything that must hold for `actor` to invite `email` as `role`; run before counting and again when writing. */
async function assertMayInvite(tx: Tx, actor: Actor, { teamId, email, role }: { teamId: string; email: string; role: Role }, now: Date) {
  const me = await requireMembership(tx, actor, teamId, "members.invite");
  if (!canAssignRole(me.role, role)) throw assignRoleRefusal(role, "invite");
  await assertNotMember(tx, teamId, email);
  await assertNoPendingInvitation(tx, teamId, email, now);
}

export async function inviteMember(actor: Actor, input: InviteMemberInput, options: InvitationCallOptions = {}): Promise<InvitationIssued> {
  const { teamId, email, role, message } = parseInput(inviteMemberSchema, input);
  const token = generateInvitationToken();
  const now = options.now ?? new Date();
  const request = { teamId, email, role };

  // Checked before anything is counted: a stranger is told "not found", and a
  // duplicate or a role above one's own is refused without using up an allowance.
  await db.$transaction((tx) => assertMayInvite(tx, actor, request, now));

  const scope = { inviterId: actor.userId, teamId, email };
  const invitation = await withInvitationEmail(scope, now, { ...options, field: "email" }, () =>
    db.$transaction(async (tx) => {
      // Again, in the writing transaction: another request may have got in between. The team
      // lock makes a parallel invitation of the same address wait for this one to commit, so
      // its "already pending" check sees it (lib/row-lock.ts).
      await lockTeam(tx, teamId);
      await assertMayInvite(tx, actor, request, now);
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
    }),
  );

  const delivery = await deliverInvitation({ ...invitation, role }, token);
  return { invitationId: invitation.id, email, role, expiresAt: invitation.expiresAt, inviteUrl: invitationUrl(token), delivery };
}
