import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { revokeInvitationsBeyondAuthority } from "../invitations/revoke-beyond-authority";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { canAssignRole, canManageMember, type Role } from "../permissions";
import { parseInput } from "../validation";
import { changeMemberRoleSchema, type ChangeMemberRoleInput } from "./schemas";
import { countOwners, findTargetMember, LAST_OWNER_MESSAGE } from "./target";

export type ChangeMemberRoleResult = {
  membershipId: string;
  /** Whose role it is, for the confirmation ("Alex Kim is now Admin"). */
  name: string;
  email: string;
  from: Role;
  to: Role;
  changed: boolean;
  /** Pending invitations the member sent for a role the new one cannot grant, revoked with the change. */
  revokedInvitations: number;
};

/**
 * Owners may change anyone to any role; admins only non-owners, and never to
 * owner. Nobody can hand out a role above their own, and the last owner stays.
 * A demoted member's pending invitations for roles they can no longer grant
 * are revoked in the same transaction.
 */
export async function changeMemberRole(actor: Actor, input: ChangeMemberRoleInput): Promise<ChangeMemberRoleResult> {
  const { teamId, membershipId, role } = parseInput(changeMemberRoleSchema, input);
  return db.$transaction(async (tx) => {
    // First: a concurrent demotion or removal of the other owner waits for this one (lib/row-lock.ts).
    await lockTeam(tx, teamId);
    const me = await requireMembership(tx, actor, teamId, "members.updateRole");
    const target = await findTargetMember(tx, teamId, membershipId);
    if (!canManageMember(me.role, target.role)) {
      throw new AppError("FORBIDDEN", "Only owners can change an owner's role.");
    }
    if (!canAssignRole(me.role, role)) {
      throw new AppError(
        "FORBIDDEN",
        role === "owner" ? "Only owners can make someone an owner." : "You can't give someone a role above your own.",
      );
    }
    if (target.role === role) return { membershipId, name: target.name, email: target.email, from: role, to: role, changed: false, revokedInvitations: 0 };

    await tx.membership.update({ where: { id: target.id }, data: { role } });
    // Counted after the write, inside the locked transaction: if this left no owner, the rollback undoes it.
    if (target.role === "owner" && (await countOwners(tx, teamId)) === 0) {
      throw new AppError("CONFLICT", LAST_OWNER_MESSAGE);
    }
    const revokedInvitations = await revokeInvitationsBeyondAuthority(tx, actor, {
      teamId,
      inviter: { userId: target.userId, email: target.email },
      role,
      reason: "inviter_role_changed",
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "member.role_changed",
      targetType: "member",
      targetId: target.userId,
      targetLabel: target.email,
      metadata: { from: target.role, to: role, ...(revokedInvitations ? { revokedInvitations } : {}) },
    });
    return { membershipId, name: target.name, email: target.email, from: target.role, to: role, changed: true, revokedInvitations };
  });
}
