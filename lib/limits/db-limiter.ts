import { db } from "../db";
import { resultFor, windowStart, type Limiter, type LimitResult, type LimitRule } from "./limiter";

/**
 * Counts in the database: shared by every process on the same database, and
 * atomic (one upsert that returns the new count), so parallel requests cannot
 * all read "0" and slip past the limit. For low-rate paths (sign-in, sign-up,
 * invitations); rows are pruned once their window has ended.
 */
export class DbLimiter implements Limiter {
  private nextPruneAt = 0;

  /**
   * `pruneEveryMs`: at most this often, a consume also deletes counters whose
   * window has ended (by the wall clock), in the background. Off by default so
   * tests that pin `now` keep their rows; the app turns it on.
   */
  constructor(private readonly options: { pruneEveryMs?: number } = {}) {}

  async consume(key: string, rule: LimitRule, cost = 1, now = Date.now()): Promise<LimitResult> {
    this.maybePrune();
    const start = BigInt(windowStart(rule, now));
    const expiresAt = BigInt(windowStart(rule, now) + rule.windowMs);
    const id = `${rule.windowMs}:${key}`;
    // Inside a transaction: on SQLite the adapter shares one connection, and a bare write
    // would join another request's open transaction (and vanish if that one rolls back).
    // A give-back (negative cost) never takes the count below zero: see Limiter.consume.
    const rows = await db.$transaction(
      (tx) => tx.$queryRaw<{ count: number | bigint }[]>`
        INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
        VALUES (${id}, ${start}, ${Math.max(0, cost)}, ${expiresAt})
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" =
          CASE WHEN "RateLimitCounter"."count" + ${cost} < 0 THEN 0 ELSE "RateLimitCounter"."count" + ${cost} END
        RETURNING "count"`,
    );
    return resultFor(Number(rows[0]?.count ?? Math.max(0, cost)), rule, now);
  }

  private maybePrune(): void {
    const every = this.options.pruneEveryMs;
    const wallClock = Date.now();
    if (!every || wallClock < this.nextPruneAt) return;
    this.nextPruneAt = wallClock + every;
    pruneRateLimitCounters(wallClock).catch((error) => {
      console.error("[limits] could not prune ended rate-limit windows:", (error as Error)?.message ?? error);
    });
  }

  async peek(key: string, rule: LimitRule, now = Date.now()): Promise<LimitResult> {
    const row = await db.rateLimitCounter.findUnique({
      where: { key_windowStart: { key: `${rule.windowMs}:${key}`, windowStart: BigInt(windowStart(rule, now)) } },
      select: { count: true },
    });
    return resultFor(row?.count ?? 0, rule, now);
  }
}

/** Deletes counters whose window has ended. */
export async function pruneRateLimitCounters(now = Date.now()): Promise<number> {
  const { count } = await db.$transaction((tx) =>
    tx.rateLimitCounter.deleteMany({ where: { expiresAt: { lte: BigInt(now) } } }),
  );
  return count;
}
