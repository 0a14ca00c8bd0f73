/**
 * Which counter each limit uses, decided once at start from the
 * configuration (`limitsConfigFromEnv` in ./config.ts, then
 * `limitersFor`) and handed to
 * what needs it: scripts/start.ts passes `hotPath` to the API and installs
 * the set for the console (./installed.ts). Nothing here reads the
 * environment or connects when imported.
 *
 * |                     | REDIS_URL set                  | REDIS_URL unset              |
 * |---------------------|--------------------------------|------------------------------|
 * | lowRate: sign-in,   | Redis; the database while      | the database (shared by      |
 * | sign-up, invitations| Redis is down                  | every process on it)         |
 * | hotPath: verify     | Redis; this process while      | this process (one replica)   |
 * | rate, usage quotas  | Redis is down                  |                              |
 *
 * Redis down at run time neither opens a limit nor refuses the traffic it
 * guards (fallback-limiter.ts): the security limits keep counting in the
 * database, which every replica shares; the per-key verify and usage limits
 * keep counting per process, so while the outage lasts each replica admits up
 * to the limit on its own. A provider's partners keep working, and no key
 * gets more than (replicas × limit) in a window.
 */
import { ConfigError, redactUrl } from "../db-url";
import type { LimitsConfig } from "./config";
import { DbLimiter } from "./db-limiter";
import { FallbackLimiter, type FallbackStats } from "./fallback-limiter";
import type { GcraLimiter } from "./gcra";
import { MemoryGcraLimiter } from "./gcra-memory";
import { FallbackGcraLimiter, RedisGcraLimiter } from "./gcra-redis";
import type { Limiter } from "./limiter";
import { MemoryLimiter } from "./memory-limiter";
import { RedisLimiter } from "./redis-limiter";


/** What the hot path needs: the shared consume, and a synchronous one when counting in process. */
export type HotPathLimiter = Pick<Limiter, "consume"> & Partial<Pick<MemoryLimiter, "consumeSync">>;

export type Limiters = {
  /** Where the limits that must hold across replicas are counted. */
  shared: "redis" | "database";
  /** Sign-in and sign-up throttling, invitation emails: a few calls per user action. */
  lowRate: Limiter;
  /** The verify rate limit and usage-ingestion quotas: one call per API request. */
  hotPath: HotPathLimiter;
  /** Keys' and teams' requests and tokens per minute (GCRA): Redis, else this process. */
  gcra: GcraLimiter;
  /** One line for the start log: where each kind of limit is counted. */
  summary: string;
  /** Degraded calls while Redis was failing (null without Redis): for logs and metrics. */
  stats(): { lowRate: FallbackStats | null; hotPath: FallbackStats | null };
  close(): Promise<void>;
};

export type LimitersOptions = {
  /** How long the start waits for Redis before giving up. */
  connectTimeoutMs?: number;
  /** Passed to both fallback limiters (tests shorten it). */
  retryPrimaryAfterMs?: number;
};

/**
 * Builds the limiters for `config`. With Redis, connects first: a Redis that
 * does not answer at start stops the start (ConfigError), so a wrong host is
 * found at deploy time rather than as a warning in the log; outages after that
 * degrade as described above.
 */
export async function limitersFor(config: LimitsConfig, options: LimitersOptions = {}): Promise<Limiters> {
  // No pruning of its own: lib/maintenance deletes ended windows in bounded batches, on one replica.
  const database = new DbLimiter();
  const memory = new MemoryLimiter();
  if (!config.redisUrl) {
    return {
      shared: "database",
      lowRate: database,
      hotPath: memory,
      gcra: new MemoryGcraLimiter(),
      summary:
        "sign-in, sign-up and invitation limits counted in the database; verify and usage limits in this process (set REDIS_URL to share them across replicas)",
      stats: () => ({ lowRate: null, hotPath: null }),
      close: async () => {},
    };
  }

  const redis = new RedisLimiter(config.redisUrl);
  try {
    await redis.connect(options.connectTimeoutMs ?? 5000);
  } catch (error) {
    throw new ConfigError(
      `REDIS_URL "${redactUrl(config.redisUrl)}": could not connect to Redis (${(error as Error)?.message ?? error}). Start Redis, or unset REDIS_URL to run a single replica without it.`,
    );
  }
  const retryPrimaryAfterMs = options.retryPrimaryAfterMs;
  const lowRate = new FallbackLimiter(redis, database, { name: "sign-in, sign-up and invitation", retryPrimaryAfterMs });
  const hotPath = new FallbackLimiter(redis, memory, { name: "verify and usage (per process)", retryPrimaryAfterMs });
  const redisGcra = new RedisGcraLimiter(config.redisUrl);
  await redisGcra.connect().catch(() => {});
  const gcra = new FallbackGcraLimiter(redisGcra, new MemoryGcraLimiter(), retryPrimaryAfterMs);
  return {
    shared: "redis",
    lowRate,
    hotPath,
    gcra,
    summary:
      "all limits counted in Redis (while it is down: sign-in, sign-up and invitation limits in the database, verify and usage limits in each process)",
    stats: () => ({ lowRate: lowRate.stats(), hotPath: hotPath.stats() }),
    close: async () => {
      await Promise.all([redis.close(), redisGcra.close()]);
    },
  };
}
