import type { Limiter, LimitResult, LimitRule } from "./limiter";

export type FallbackStats = {
  /** Calls the primary failed (error or timeout). */
  primaryFailures: number;
  /** Calls counted by the fallback instead, failures and the calls skipped while the primary rests. */
  fallbackCalls: number;
};

export type FallbackLimiterOptions = {
  /** For log lines: which limits these are ("verify and usage", "sign-in, sign-up and invitations"). */
  name: string;
  /** After a failure the primary is left alone this long, so an outage costs one failed call per period, not one per request. */
  retryPrimaryAfterMs?: number;
  /** Warnings go here (at most one per `warnEveryMs`); console.warn by default. */
  warn?: (message: string) => void;
  warnEveryMs?: number;
};

/**
 * A limiter that counts in `primary` (Redis) and, while that fails, in
 * `fallback` (the database, or this process's memory). Redis being down must
 * neither open the limits nor take down what they guard: the limits stay in
 * force, counted where they still can be, and every degraded call is counted
 * in `stats()` and logged (at most once per `warnEveryMs`).
 *
 * The switch loses the counts made in the primary so far (the fallback starts
 * its window from zero) and a give-back may land in the other counter than
 * its charge; limiters never count below zero, so that can only lose counts,
 * never add allowance beyond one window's worth.
 */
export class FallbackLimiter implements Limiter {
  private readonly counters: FallbackStats = { primaryFailures: 0, fallbackCalls: 0 };
  private primaryRestsUntil = 0;
  private lastWarnAt = -Infinity;
  private unreportedFailures = 0;

  constructor(
    private readonly primary: Limiter,
    private readonly fallback: Limiter,
    private readonly options: FallbackLimiterOptions,
  ) {}

  stats(): FallbackStats {
    return { ...this.counters };
  }

  consume(key: string, rule: LimitRule, cost = 1, now = Date.now()): Promise<LimitResult> {
    return this.run((l) => l.consume(key, rule, cost, now));
  }

  peek(key: string, rule: LimitRule, now = Date.now()): Promise<LimitResult> {
    return this.run((l) => l.peek(key, rule, now));
  }

  private async run(call: (limiter: Limiter) => Promise<LimitResult>): Promise<LimitResult> {
    // The wall clock, not the caller's `now`: tests pin `now` to a fixed instant.
    let failure: unknown = null;
    if (Date.now() >= this.primaryRestsUntil) {
      try {
        return await call(this.primary);
      } catch (error) {
        failure = error ?? new Error("unknown error");
        this.counters.primaryFailures++;
        this.primaryRestsUntil = Date.now() + (this.options.retryPrimaryAfterMs ?? 1000);
      }
    }
    this.counters.fallbackCalls++;
    if (failure) this.report(failure);
    return call(this.fallback);
  }

  private report(error: unknown): void {
    this.unreportedFailures++;
    const wallClock = Date.now();
    if (wallClock - this.lastWarnAt < (this.options.warnEveryMs ?? 10_000)) return;
    this.lastWarnAt = wallClock;
    const failures = this.unreportedFailures;
    this.unreportedFailures = 0;
    const message = (error as Error)?.message ?? String(error);
    (this.options.warn ?? console.warn)(
      `[limits] Redis failed (${message}); ${this.options.name} limits are counted by the fallback for now (${failures} failure(s) since the last warning, ${this.counters.fallbackCalls} degraded call(s) in all)`,
    );
  }
}
