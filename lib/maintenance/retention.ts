/**
 * What Gatehouse keeps, and for how long (docs/usage-dashboards.md, "Retention"):
 * - raw usage events: USAGE_RETENTION_DAYS (default 90). Charts, totals and
 *   the CSV read rollups only, so pruning events changes no number shown;
 * - minute rollups: USAGE_MINUTE_ROLLUP_RETENTION_DAYS (default 14), enough
 *   for per-minute limits and minute-resolution charts of recent traffic,
 *   while a busy key adds 1,440 of them a day;
 * - hour and day rollups: kept for good (24 and 1 rows per key a day);
 * - remembered sign-in addresses (SignInAttempt): KNOWN_ADDRESS_DAYS (90),
 *   the span lib/auth/sign-in-log.ts trusts them for; rows of failed
 *   attempts (no longer written: failures are counted by the limiter) after 30 days;
 * - rate-limit counters: as soon as their window has ended.
 * Everything is deleted in bounded batches (./batches.ts).
 */
import { KNOWN_ADDRESS_DAYS } from "../auth/sign-in-log";
import { db } from "../db";
import { intFromEnv } from "../limits/env";
import { addStats, deleteInBatches, emptyStats, type BatchOptions, type BatchStats } from "./batches";
import { deleteTeamEventsBefore, deleteTeamRollupsBefore, nextTeamWithRows } from "./usage-deletes";

const DAY = 24 * 60 * 60 * 1000;

export type RetentionPolicy = {
  usageEventDays: number;
  minuteRollupDays: number;
  knownAddressDays: number;
  failedSignInDays: number;
};

export const DEFAULT_RETENTION: RetentionPolicy = {
  usageEventDays: 90,
  minuteRollupDays: 14,
  knownAddressDays: KNOWN_ADDRESS_DAYS,
  failedSignInDays: 30,
};

type Env = Readonly<Record<string, string | undefined>>;

/** USAGE_RETENTION_DAYS and USAGE_MINUTE_ROLLUP_RETENTION_DAYS; a malformed value stops the start (ConfigError). */
export function retentionFromEnv(env: Env = process.env): RetentionPolicy {
  return {
    ...DEFAULT_RETENTION,
    usageEventDays: intFromEnv(env, "USAGE_RETENTION_DAYS", DEFAULT_RETENTION.usageEventDays),
    minuteRollupDays: intFromEnv(env, "USAGE_MINUTE_ROLLUP_RETENTION_DAYS", DEFAULT_RETENTION.minuteRollupDays),
  };
}

export type RetentionReport = {
  usageEvents: BatchStats;
  minuteRollups: BatchStats;
  signInAttempts: BatchStats;
  rateLimitCounters: BatchStats;
  sessions: BatchStats;
};

export type RetentionOptions = BatchOptions & { now?: number };

/** Deletes whatever the policy no longer keeps; stops early (the rest waits for the next run) when the signal aborts. */
export async function pruneExpired(policy: RetentionPolicy = DEFAULT_RETENTION, options: RetentionOptions = {}): Promise<RetentionReport> {
  const { now = Date.now(), ...batch } = options;
  const report: RetentionReport = {
    usageEvents: emptyStats(),
    minuteRollups: emptyStats(),
    signInAttempts: emptyStats(),
    rateLimitCounters: emptyStats(),
    sessions: emptyStats(),
  };
  const eventsBefore = now - policy.usageEventDays * DAY;
  await perTeam("UsageEvent", report.usageEvents, batch, (teamId, limit) => deleteTeamEventsBefore(teamId, eventsBefore, limit));
  const minutesBefore = now - policy.minuteRollupDays * DAY;
  await perTeam("UsageRollup", report.minuteRollups, batch, (teamId, limit) =>
    deleteTeamRollupsBefore(teamId, "minute", minutesBefore, limit),
  );
  if (!batch.signal?.aborted) addStats(report.signInAttempts, await pruneSignInAttempts(policy, now, batch));
  if (!batch.signal?.aborted) addStats(report.rateLimitCounters, await deleteInBatches((limit) => deleteEndedCounters(now, limit), batch));
  if (!batch.signal?.aborted) addStats(report.sessions, await deleteInBatches((limit) => deleteExpiredSessions(now, limit), batch));
  return report;
}

/**
 * Team by team, so every batch is a range of the index that starts with
 * "teamId" (neither table has an index on time alone, and adding one would
 * cost every usage write). Teams whose rows are all recent cost one seek.
 */
async function perTeam(
  table: "UsageEvent" | "UsageRollup",
  into: BatchStats,
  options: BatchOptions,
  deleteBatch: (teamId: string, limit: number) => Promise<number>,
): Promise<void> {
  for (let teamId = await nextTeamWithRows(table, ""); teamId !== null; teamId = await nextTeamWithRows(table, teamId)) {
    const id = teamId;
    const stats = await deleteInBatches((limit) => deleteBatch(id, limit), options);
    addStats(into, stats);
    if (stats.stopped) return;
  }
}

/**
 * By id, through Prisma (DateTime columns are stored differently by the two
 * engines, so raw SQL on them would not be engine-neutral). The table holds
 * one row per account and address, so the unindexed look for old rows is small.
 */
function pruneSignInAttempts(policy: RetentionPolicy, now: number, options: BatchOptions): Promise<BatchStats> {
  const addressesBefore = new Date(now - policy.knownAddressDays * DAY);
  const failuresBefore = new Date(now - policy.failedSignInDays * DAY);
  return deleteInBatches(async (limit) => {
    const rows = await db.signInAttempt.findMany({
      where: { OR: [{ createdAt: { lt: addressesBefore } }, { success: false, createdAt: { lt: failuresBefore } }] },
      select: { id: true },
      take: limit,
    });
    if (rows.length === 0) return 0;
    // If a sign-in deleted some of these meanwhile, the loop may end early; the next run finishes.
    const { count } = await db.signInAttempt.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return count;
  }, options);
}

/** Sessions past their expiry (signed out by time), by the "expiresAt" index. */
async function deleteExpiredSessions(now: number, limit: number): Promise<number> {
  const rows = await db.userSession.findMany({ where: { expiresAt: { lte: new Date(now) } }, select: { id: true }, take: limit });
  if (rows.length === 0) return 0;
  const { count } = await db.userSession.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return count;
}

/** Counters whose window has ended, by the "expiresAt" index (lib/limits/db-limiter.ts keeps them until then). */
function deleteEndedCounters(now: number, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "RateLimitCounter" WHERE ("key", "windowStart") IN (
      SELECT "key", "windowStart" FROM "RateLimitCounter" WHERE "expiresAt" <= ${BigInt(now)} LIMIT ${limit})`;
}
