import { resultFor, windowStart, type Limiter, type LimitResult, type LimitRule } from "./limiter";

/**
 * Counts in this process's memory: right for one process, and for hot paths
 * where a database round trip per call would cost too much. Synchronous
 * `consumeSync` for the lean API handlers; the async `Limiter` methods wrap it.
 */
export class MemoryLimiter implements Limiter {
  private windows = new Map<string, { start: number; count: number }>();
  private sweepAt = 0;

  consumeSync(key: string, rule: LimitRule, cost = 1, now = Date.now()): LimitResult {
    this.sweep(now);
    const start = windowStart(rule, now);
    const id = `${rule.windowMs}:${key}`;
    let entry = this.windows.get(id);
    // A late give-back (negative cost) for a window that has since ended: it must not wipe the current one.
    if (entry && start < entry.start) return resultFor(0, rule, now);
    if (!entry || entry.start !== start) {
      entry = { start, count: 0 };
      this.windows.set(id, entry);
    }
    // A give-back never takes the count below zero: see Limiter.consume.
    entry.count = Math.max(0, entry.count + cost);
    return resultFor(entry.count, rule, now);
  }

  peekSync(key: string, rule: LimitRule, now = Date.now()): LimitResult {
    const entry = this.windows.get(`${rule.windowMs}:${key}`);
    const count = entry && entry.start === windowStart(rule, now) ? entry.count : 0;
    return resultFor(count, rule, now);
  }

  async consume(key: string, rule: LimitRule, cost = 1, now = Date.now()): Promise<LimitResult> {
    return this.consumeSync(key, rule, cost, now);
  }

  async peek(key: string, rule: LimitRule, now = Date.now()): Promise<LimitResult> {
    return this.peekSync(key, rule, now);
  }

  /** Drops finished windows once a minute, so memory tracks only active keys. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 60_000;
    for (const [id, entry] of this.windows) {
      const windowMs = Number(id.slice(0, id.indexOf(":")));
      if (entry.start + windowMs <= now) this.windows.delete(id);
    }
  }
}
