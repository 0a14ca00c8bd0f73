/**
 * One limiter shape for every abuse limit (sign-in, sign-up, invitations,
 * usage ingestion, and the key policies that come next): consume a cost
 * against a rule and learn whether it was allowed and what is left, rather
 * than a bare boolean, so callers can answer with Retry-After.
 *
 * Windows are fixed and aligned to multiples of `windowMs` since the epoch
 * (a one-minute rule resets on the UTC minute). A fixed window admits at most
 * 2 × limit across a window boundary; that slack is accepted for abuse limits.
 */
export type LimitRule = { limit: number; windowMs: number };

export type LimitResult = {
  allowed: boolean;
  limit: number;
  /** What is left in this window after this call (never negative). */
  remaining: number;
  /** Epoch ms at which the window resets. */
  resetAt: number;
};

export interface Limiter {
  /**
   * Adds `cost` to `key`'s count in the current window, atomically, and says
   * whether the count stays within the rule. A refused call still counts, so
   * hammering a limit does not open it. A negative cost gives back what an
   * earlier call with the same `now` took (see reserve.ts); the count never
   * goes below zero, so a give-back whose charge was never counted here (it
   * landed in another window, or in a fallback counter during an outage)
   * cannot add allowance.
   */
  consume(key: string, rule: LimitRule, cost?: number, now?: number): Promise<LimitResult>;
  /** Reads the current window's count without adding to it. */
  peek(key: string, rule: LimitRule, now?: number): Promise<LimitResult>;
}

export function windowStart(rule: LimitRule, now: number): number {
  return Math.floor(now / rule.windowMs) * rule.windowMs;
}

export function resultFor(count: number, rule: LimitRule, now: number): LimitResult {
  return {
    allowed: count <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetAt: windowStart(rule, now) + rule.windowMs,
  };
}

/** Whole seconds until the window resets, at least 1: the value for a Retry-After header. */
export function retryAfterSeconds(result: LimitResult, now = Date.now()): number {
  return Math.max(1, Math.ceil((result.resetAt - now) / 1000));
}

/** "Try again in 3 minutes." / "Try again in 20 seconds." */
export function tryAgainIn(result: LimitResult, now = Date.now()): string {
  const seconds = retryAfterSeconds(result, now);
  if (seconds < 90) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `Try again in ${minutes} minutes.`;
  const hours = Math.ceil(minutes / 60);
  return `Try again in ${hours} hours.`;
}
