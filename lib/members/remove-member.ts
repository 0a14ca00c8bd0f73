import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { revokeInvitationsBeyondAuthority } from "../invitations/revoke-beyond-authority";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { canManageMember } from "../permissions";
import { parseInput } from "../validation";
import { removeMemberSchema, type RemoveMemberInput } from "./schemas";
import { countOwners, findTargetMember, LAST_OWNER_MESSAGE } from "./target";

export type RemoveMemberResult = { membershipId: string; email: string; revokedInvitations: number };

/**
 * Owners may remove anyone but themselves; admins only non-owners. The member
 * loses access on their next request, and the invitations they sent and that
 * nobody has accepted yet are revoked with them.
 */
export async function removeMember(actor: Actor, input: RemoveMemberInput): Promise<RemoveMemberResult> {
  const { teamId, membershipId } = parseInput(removeMemberSchema, input);
  return db.$transaction(async (tx) => {
    // First: a concurrent removal or demotion of the other owner waits for this one (lib/row-lock.ts).
    await lockTeam(tx, teamId);
    const me = await requireMembership(tx, actor, teamId, "members.remove");
    const target = await findTargetMember(tx, teamId, membershipId);
    if (target.userId === actor.userId) {
      throw new AppError("INVALID", "You can't remove yourself. Use “Leave team” in the team settings instead.");
    }
    if (!canManageMember(me.role, target.role)) {
      throw new AppError("FORBIDDEN", "Only owners can remove an owner.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    // Counted after the write, inside the locked transaction: if this left no owner, the rollback undoes it.
    if (target.role === "owner" && (await countOwners(tx, teamId)) === 0) {
      throw new AppError("CONFLICT", LAST_OWNER_MESSAGE);
    }
    const revokedInvitations = await revokeInvitationsBeyondAuthority(tx, actor, {
      teamId,
      inviter: { userId: target.userId, email: target.email },
      role: null,
      reason: "inviter_removed",
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "member.removed",
      targetType: "member",
      targetId: target.userId,
      targetLabel: target.email,
      metadata: { role: target.role, ...(revokedInvitations ? { revokedInvitations } : {}) },
    });
    return { membershipId, email: target.email, revokedInvitations };
  });
}
