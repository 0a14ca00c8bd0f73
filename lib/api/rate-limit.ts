/**
 * Optional per-key verification limit (VERIFY_RATE_LIMIT_PER_MINUTE): a fixed
 * one-minute window, aligned to the UTC minute, counted by a limiter with the
 * shared shape of lib/limits (consume a cost, learn { allowed, limit,
 * remaining, resetAt }). In process memory by default: one Map lookup per
 * valid verification, per process.
 */
import type { LimitResult, LimitRule } from "../limits/limiter";
import { MemoryLimiter } from "../limits/memory-limiter";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

/** What the verify pipeline needs of a limiter: a synchronous consume (MemoryLimiter has one). */
export type SyncLimiter = { consumeSync(key: string, rule: LimitRule, cost?: number, now?: number): LimitResult };

export type VerifyRateLimit = { limiter: SyncLimiter; rule: LimitRule };

export function verifyRateLimit(perMinute: number, limiter: SyncLimiter = new MemoryLimiter()): VerifyRateLimit {
  return { limiter, rule: { limit: perMinute, windowMs: 60_000 } };
}

/** The limit VERIFY_RATE_LIMIT_PER_MINUTE asks for, or null when it is unset or not a positive number (off). */
export function verifyRateLimitFromEnv(env: Env, limiter?: SyncLimiter): VerifyRateLimit | null {
  const raw = Number(env.VERIFY_RATE_LIMIT_PER_MINUTE ?? "");
  return Number.isFinite(raw) && raw >= 1 ? verifyRateLimit(Math.floor(raw), limiter) : null;
}
