/**
 * Optional per-key verification limit (VERIFY_RATE_LIMIT_PER_MINUTE): a fixed
 * one-minute window, aligned to the UTC minute, counted by the hot-path
 * limiter the server chose at start (lib/limits/from-config.ts): Redis when
 * REDIS_URL is set, so the limit holds across replicas (one round trip per
 * valid verification); otherwise this process's memory (one Map lookup,
 * answered synchronously).
 */
import { intFromEnv } from "../limits/env";
import type { HotPathLimiter } from "../limits/from-config";
import type { LimitResult, LimitRule } from "../limits/limiter";
import { MemoryLimiter } from "../limits/memory-limiter";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

export type VerifyRateLimit = { limiter: HotPathLimiter; rule: LimitRule };

export function verifyRateLimit(perMinute: number, limiter: HotPathLimiter = new MemoryLimiter()): VerifyRateLimit {
  return { limiter, rule: { limit: perMinute, windowMs: 60_000 } };
}

/** Charges one verification of `keyId`: synchronously when the limiter counts in process, else one round trip. */
export function chargeVerification(limit: VerifyRateLimit, keyId: string, now: number): LimitResult | Promise<LimitResult> {
  const { limiter, rule } = limit;
  const key = `verify:${keyId}`;
  return limiter.consumeSync ? limiter.consumeSync(key, rule, 1, now) : limiter.consume(key, rule, 1, now);
}

/**
 * The limit VERIFY_RATE_LIMIT_PER_MINUTE asks for; null (off) when it is unset
 * or 0. Anything else that is not a whole number stops the start, like every
 * other limit: a mistyped limit must not quietly turn it off.
 */
export function verifyRateLimitFromEnv(env: Env, limiter?: HotPathLimiter): VerifyRateLimit | null {
  const perMinute = intFromEnv(env, "VERIFY_RATE_LIMIT_PER_MINUTE", 0, { min: 0 });
  return perMinute >= 1 ? verifyRateLimit(perMinute, limiter) : null;
}
