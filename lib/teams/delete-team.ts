import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { announceKeyChange } from "../store/key-changes";
import { parseInput, teamIdOf } from "../validation";
import { deleteTeamSchema, type DeleteTeamInput } from "./schemas";

/**
 * Deletes a team with its memberships, invitations, keys and usage (owners
 * only). The caller must type the team's name, so a slip of the mouse cannot
 * do it.
 */
export async function deleteTeam(actor: Actor, input: DeleteTeamInput): Promise<{ id: string; name: string }> {
  const teamId = teamIdOf(input);
  const deleted = await db.$transaction(async (tx) => {
    await requireMembership(tx, actor.userId, teamId, "team.delete");
    const { confirmName } = parseInput(deleteTeamSchema, input);
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { id: true, name: true, slug: true } });
    if (confirmName.trim() !== team.name) {
      throw new AppError("INVALID", "Type the team's name exactly to confirm.", {
        confirmName: `Type "${team.name}" to confirm.`,
      });
    }
    const keys = await tx.apiKey.count({ where: { teamId } });
    const members = await tx.membership.count({ where: { teamId } });
    // Usage rows carry the team id without a foreign key, so they would outlive the team.
    await tx.usageEvent.deleteMany({ where: { teamId } });
    await tx.usageRollup.deleteMany({ where: { teamId } });
    await tx.team.delete({ where: { id: teamId } });
    // The team's own log goes with it (teamId is set null on delete), so the
    // record of the deletion names the team in its label and id.
    await recordAudit(tx, actor, {
      teamId: null,
      action: "team.deleted",
      targetType: "team",
      targetId: team.id,
      targetLabel: team.name,
      metadata: { slug: team.slug, members, keys },
    });
    return { id: team.id, name: team.name };
  });
  // After the commit: a process that caches key lookups forgets the team's keys before we answer.
  announceKeyChange({ teamIds: [deleted.id] });
  return deleted;
}
