/**
 * Optional per-key verification limit: a fixed one-minute window counted in
 * this process's memory. Off unless VERIFY_RATE_LIMIT_PER_MINUTE is a positive
 * number. Cheap by design (one Map lookup per valid verification); the counts
 * restart with the process and are per process, which suits our one-process
 * deployment. Windows are aligned to the UTC minute.
 */
const WINDOW_MS = 60_000;

export class FixedWindowLimiter {
  private counts = new Map<string, number>();
  private windowEnd = 0;

  constructor(readonly limit: number) {}

  /** Counts one hit; false once `id` has used up this window's allowance. */
  hit(id: string, now: number): boolean {
    if (now >= this.windowEnd) {
      this.counts.clear();
      this.windowEnd = Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
    }
    const used = (this.counts.get(id) ?? 0) + 1;
    this.counts.set(id, used);
    return used <= this.limit;
  }

  /** Seconds until the current window ends (for Retry-After style hints). */
  retryAfterSeconds(now: number): number {
    return Math.max(1, Math.ceil((this.windowEnd - now) / 1000));
  }
}

function limiterFromEnv(): FixedWindowLimiter | null {
  const raw = Number(process.env.VERIFY_RATE_LIMIT_PER_MINUTE ?? "");
  return Number.isFinite(raw) && raw > 0 ? new FixedWindowLimiter(Math.floor(raw)) : null;
}

let verifyLimiter: FixedWindowLimiter | null | undefined;

/** The verify limiter configured by the environment, or null when rate limiting is off. */
export function getVerifyLimiter(): FixedWindowLimiter | null {
  if (verifyLimiter === undefined) verifyLimiter = limiterFromEnv();
  return verifyLimiter;
}

/** For tests: re-read the environment (or set an explicit limiter). */
export function resetVerifyLimiter(limiter?: FixedWindowLimiter | null): void {
  verifyLimiter = limiter;
}
