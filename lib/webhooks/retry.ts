/**
 * When a failed delivery is tried again: Standard Webhooks' schedule (the first attempt at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure), each wait
 * jittered by ±20 % so endpoints that failed together are not retried in lock-step. A delivery
 * whose next attempt would come more than 24 h after it was queued is given up instead:
 * that is 7 attempts over about 17.5 hours (an 8th when the jitter fell short), then it is failed for good.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after the 1st, 2nd, … failed attempt; past the end of the list, its last entry. */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const RETRY_JITTER = 0.2;
/** How long after it was queued a delivery may still be attempted. */
export const DELIVERY_WINDOW_MS = 24 * HOUR;

/** The wait after `failedAttempts` failures (1 or more), jittered by `random` in [0, 1). */
export function retryDelayMs(failedAttempts: number, random: number = Math.random()): number {
  const base = RETRY_DELAYS_MS[Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MS.length) - 1];
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

/** When to try again after this failure, or null to give up (the window would be passed). */
export function nextAttemptAt(createdAt: Date, failedAttempts: number, now: Date, random: number = Math.random()): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(failedAttempts, random));
  return at.getTime() - createdAt.getTime() > DELIVERY_WINDOW_MS ? null : at;
}
