import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { revokeInvitationsBeyondAuthority } from "../invitations/revoke-beyond-authority";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { parseInput, teamIdOf } from "../validation";
import { leaveTeamSchema, type LeaveTeamInput } from "./schemas";

/**
 * Anyone may leave a team, except its last owner: a team always keeps an
 * owner. The invitations the leaver sent that are still pending go with them.
 */
export async function leaveTeam(actor: Actor, input: LeaveTeamInput): Promise<{ teamId: string; revokedInvitations: number }> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    // First: another owner leaving or being demoted at the same moment waits for this (lib/row-lock.ts).
    await lockTeam(tx, teamId);
    const membership = await requireMembership(tx, actor, teamId);
    parseInput(leaveTeamSchema, input);
    if (membership.role === "owner") {
      const owners = await tx.membership.count({ where: { teamId, role: "owner" } });
      if (owners <= 1) {
        throw new AppError(
          "CONFLICT",
          "You are the last owner of this team. Make another member an owner, or delete the team, before leaving.",
        );
      }
    }
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } });
    await tx.membership.delete({ where: { id: membership.id } });
    const revokedInvitations = await revokeInvitationsBeyondAuthority(tx, actor, {
      teamId,
      inviter: { userId: actor.userId, email: actor.email },
      role: null,
      reason: "inviter_left",
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "member.left",
      targetType: "member",
      targetId: actor.userId,
      targetLabel: actor.email,
      metadata: { role: membership.role, team: team.name, ...(revokedInvitations ? { revokedInvitations } : {}) },
    });
    return { teamId, revokedInvitations };
  });
}
