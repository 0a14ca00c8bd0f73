/**
 * Ingestion quotas for POST /api/v1/usage (issue 7, item 10): events per
 * minute per key and per team, and tokens per minute per team. Counted by a
 * limiter of the shared shape (lib/limits/limiter.ts): in process memory by
 * default, and by whatever shared limiter a multi-replica deployment plugs in.
 *
 * The token quota is what keeps totals exact: with at most
 * MAX_TOKENS_PER_TEAM_PER_MINUTE a team cannot report more than ~5.3e15
 * tokens in a year, below 2^53 (~9.0e15), so every per-key or per-team sum
 * of any range up to a year stays an exact JavaScript number. That holds where
 * the quota is counted once: one process, or replicas sharing REDIS_URL (each
 * replica without Redis admits the whole quota; see docs/api.md).
 */
import type { Limiter, LimitResult, LimitRule } from "../limits/limiter";
import { ConfigError } from "../db-url";
import { intFromEnv } from "../limits/env";
import { retryAfterSeconds } from "../limits/limiter";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

export type UsageQuotaConfig = {
  eventsPerMinutePerKey: number;
  eventsPerMinutePerTeam: number;
  tokensPerMinutePerTeam: number;
};

export const DEFAULT_USAGE_QUOTA: UsageQuotaConfig = {
  eventsPerMinutePerKey: 60_000,
  eventsPerMinutePerTeam: 120_000,
  tokensPerMinutePerTeam: 10_000_000_000,
};

/** A year of this per minute stays below 2^53. */
export const MAX_TOKENS_PER_TEAM_PER_MINUTE = Math.floor(Number.MAX_SAFE_INTEGER / (366 * 24 * 60));

const MINUTE = 60_000;

function readLimit(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = intFromEnv(env, name, fallback);
  if (n > max) throw new ConfigError(`${name} must be at most ${max}, got ${n}: larger totals could pass 2^53 within a year`);
  return n;
}

/** USAGE_EVENTS_PER_MINUTE_PER_KEY, USAGE_EVENTS_PER_MINUTE_PER_TEAM, USAGE_TOKENS_PER_MINUTE_PER_TEAM; a bad value stops the server at start. */
export function usageQuotaConfigFromEnv(env: Env): UsageQuotaConfig {
  const d = DEFAULT_USAGE_QUOTA;
  return {
    eventsPerMinutePerKey: readLimit(env, "USAGE_EVENTS_PER_MINUTE_PER_KEY", d.eventsPerMinutePerKey),
    eventsPerMinutePerTeam: readLimit(env, "USAGE_EVENTS_PER_MINUTE_PER_TEAM", d.eventsPerMinutePerTeam),
    tokensPerMinutePerTeam: readLimit(env, "USAGE_TOKENS_PER_MINUTE_PER_TEAM", d.tokensPerMinutePerTeam, MAX_TOKENS_PER_TEAM_PER_MINUTE),
  };
}

export type QuotaRefusal = { scope: "key" | "team"; unit: "events" | "tokens"; result: LimitResult; retryAfterSeconds: number; message: string };

/** What the quota needs of a limiter: the shared async consume (MemoryLimiter, and a shared one later). */
export type QuotaLimiter = Pick<Limiter, "consume">;

export class UsageQuota {
  private readonly rules: { keyEvents: LimitRule; teamEvents: LimitRule; teamTokens: LimitRule };

  constructor(private readonly limiter: QuotaLimiter, readonly config: UsageQuotaConfig = DEFAULT_USAGE_QUOTA) {
    this.rules = {
      keyEvents: { limit: config.eventsPerMinutePerKey, windowMs: MINUTE },
      teamEvents: { limit: config.eventsPerMinutePerTeam, windowMs: MINUTE },
      teamTokens: { limit: config.tokensPerMinutePerTeam, windowMs: MINUTE },
    };
  }

  /**
   * Charges one report (all its events, all its tokens) and says whether it
   * fits. A report is accepted whole or refused whole; a refused one still
   * counts, so hammering a limit does not open it. Checks stop at the first
   * refusal, so a key over its own limit does not also eat its team's.
   */
  async charge(keyId: string, teamId: string, events: number, tokens: number, now = Date.now()): Promise<QuotaRefusal | null> {
    const checks: [QuotaRefusal["scope"], QuotaRefusal["unit"], string, LimitRule, number][] = [
      ["key", "events", `usage:key:${keyId}`, this.rules.keyEvents, events],
      ["team", "events", `usage:team:${teamId}`, this.rules.teamEvents, events],
      ["team", "tokens", `usage-tokens:team:${teamId}`, this.rules.teamTokens, tokens],
    ];
    for (const [scope, unit, key, rule, cost] of checks) {
      if (cost === 0) continue;
      const result = await this.limiter.consume(key, rule, cost, now);
      if (!result.allowed) {
        const retry = retryAfterSeconds(result, now);
        const what = unit === "events" ? `${rule.limit.toLocaleString("en-US")} usage events` : `${rule.limit.toLocaleString("en-US")} reported tokens`;
        return { scope, unit, result, retryAfterSeconds: retry, message: `This ${scope} may report at most ${what} per minute. Try again in ${retry} s.` };
      }
    }
    return null;
  }
}
