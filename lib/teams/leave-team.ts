import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { leaveTeamSchema, type LeaveTeamInput } from "./schemas";
import { parseInput, teamIdOf } from "../validation";

/** Anyone may leave a team, except its last owner: a team always keeps an owner. */
export async function leaveTeam(actor: Actor, input: LeaveTeamInput): Promise<{ teamId: string }> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, actor.userId, teamId);
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
    await recordAudit(tx, actor, {
      teamId,
      action: "member.left",
      targetType: "member",
      targetId: actor.userId,
      targetLabel: actor.email,
      metadata: { role: membership.role, team: team.name },
    });
    return { teamId };
  });
}
