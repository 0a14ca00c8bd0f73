/**
 * Deletes the usage rows of deleted teams in the background.
 *
 * deleteTeam (lib/teams/delete-team.ts) removes the team, its members, keys
 * and invitations in its own transaction and leaves a TeamPurge row behind.
 * UsageEvent and UsageRollup reference the team only by id (no foreign key,
 * so the hot path's inserts stay cheap); a busy team holds millions of them,
 * which are deleted here in bounded batches. Nothing shows them meanwhile:
 * every usage read goes through a key or team id, and both are gone (a team
 * created again under the same name gets a new id). The TeamPurge row is
 * removed once no row is left, so a restart resumes an unfinished purge.
 */
import { db } from "../db";
import { addStats, deleteInBatches, emptyStats, type BatchOptions, type BatchStats } from "./batches";
import { deleteTeamEvents, deleteTeamRollups, teamHasUsage } from "./usage-deletes";

export type PurgeReport = {
  /** Teams whose usage is now entirely gone (their TeamPurge row removed). */
  teamsPurged: number;
  events: BatchStats;
  rollups: BatchStats;
};

/** Whether any deleted team still waits for its usage to be purged (a cheap check before taking the lock). */
export async function hasPendingPurges(): Promise<boolean> {
  return (await db.teamPurge.findFirst({ select: { teamId: true } })) !== null;
}

/**
 * Purges every deleted team's usage, oldest deletion first, until none is
 * left or the signal aborts (the rest waits for the next run).
 */
export async function purgeDeletedTeams(options: BatchOptions = {}): Promise<PurgeReport> {
  const report: PurgeReport = { teamsPurged: 0, events: emptyStats(), rollups: emptyStats() };
  // Each team once per run: one whose rows keep reappearing cannot keep this run going.
  const attempted = new Set<string>();
  for (;;) {
    const pending = await db.teamPurge.findMany({
      where: { teamId: { notIn: [...attempted] } },
      orderBy: { deletedAt: "asc" },
      select: { teamId: true },
      take: 20,
    });
    if (pending.length === 0) return report;
    for (const { teamId } of pending) {
      if (options.signal?.aborted) return report;
      attempted.add(teamId);
      const events = await deleteInBatches((limit) => deleteTeamEvents(teamId, limit), options);
      addStats(report.events, events);
      if (events.stopped) return report;
      const rollups = await deleteInBatches((limit) => deleteTeamRollups(teamId, limit), options);
      addStats(report.rollups, rollups);
      if (rollups.stopped) return report;
      // A usage batch that was already being written when the team was deleted could land after our
      // last batch: the tombstone goes only once a look finds nothing, else the next run tries again.
      if (await teamHasUsage(teamId)) continue;
      // A few rows per key and month: small enough to go in one statement each, with the tombstone.
      await db.$transaction([
        db.spendCounter.deleteMany({ where: { teamId } }),
        db.budgetAlert.deleteMany({ where: { teamId } }),
        db.teamPurge.deleteMany({ where: { teamId } }),
      ]);
      report.teamsPurged += 1;
    }
  }
}
