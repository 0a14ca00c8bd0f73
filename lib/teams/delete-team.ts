import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { parseInput, teamIdOf } from "../validation";
import { deleteTeamSchema, type DeleteTeamInput } from "./schemas";

/**
 * Deletes a team with its memberships, invitations and keys (owners only),
 * and hands its usage to the background purge. The caller must type the
 * team's name, so a slip of the mouse cannot do it.
 *
 * Usage rows carry the team id without a foreign key, and a busy team has
 * millions: deleting them here held the database (and, on SQLite, the event
 * loop: every request of every tenant) for as long as 18 s. Instead a
 * TeamPurge row, written in this transaction, tells lib/maintenance/purge.ts
 * to delete them in small batches. They are unreachable from the moment this
 * commits: usage is only ever read by a key or team id, and both are gone.
 */
export async function deleteTeam(actor: Actor, input: DeleteTeamInput): Promise<{ id: string; name: string }> {
  const teamId = teamIdOf(input);
  const deleted = await db.$transaction(async (tx) => {
    // So the membership check and the counts below see any change committed just before.
    await lockTeam(tx, teamId);
    await requireMembership(tx, actor, teamId, "team.delete");
    const { confirmName } = parseInput(deleteTeamSchema, input);
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { id: true, name: true, slug: true } });
    if (confirmName.trim() !== team.name) {
      throw new AppError("INVALID", "Type the team's name exactly to confirm.", {
        confirmName: `Type "${team.name}" to confirm.`,
      });
    }
    const keys = await tx.apiKey.count({ where: { teamId } });
    const members = await tx.membership.count({ where: { teamId } });
    await tx.team.delete({ where: { id: teamId } });
    await tx.teamPurge.create({ data: { teamId } });
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
