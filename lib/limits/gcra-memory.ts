/**
 * GCRA buckets in this process's memory: synchronous, one Map lookup per
 * bucket, for a single replica (or the fallback while Redis is down). Buckets
 * that are full again are pruned as the map grows, so memory follows the keys
 * active in the last period.
 */
import { decide, msUntil, settled, type GcraItem, type GcraLimiter, type GcraResult, type GcraRule, type GcraState } from "./gcra";

type Entry = GcraState & { fullAt: number };

export class MemoryGcraLimiter implements GcraLimiter {
  private readonly buckets = new Map<string, Entry>();
  private nextPrune = 0;

  constructor(private readonly maxEntries = 200_000) {}

  takeAll(items: readonly GcraItem[], now: number): GcraResult[] {
    const results: GcraResult[] = new Array(items.length);
    const states: GcraState[] = new Array(items.length);
    let allowed = true;
    for (let i = 0; i < items.length; i++) {
      const { key, rule, cost } = items[i];
      const decision = decide(this.buckets.get(key), rule, cost, now);
      results[i] = decision.result;
      states[i] = decision.next;
      if (!decision.result.allowed) allowed = false;
    }
    if (!allowed) {
      // All or nothing: the buckets that had room keep what they had, and say so.
      for (let i = 0; i < items.length; i++) {
        if (results[i].allowed) results[i] = { ...decide(this.buckets.get(items[i].key), items[i].rule, 0, now).result, allowed: false };
      }
      return results;
    }
    for (let i = 0; i < items.length; i++) this.store(items[i].key, states[i], results[i].resetAt);
    if (this.buckets.size > this.maxEntries || now >= this.nextPrune) this.prune(now);
    return results;
  }

  settle(key: string, rule: GcraRule, delta: number, now: number): void {
    const next = settled(this.buckets.get(key), rule, delta, now);
    this.store(key, next, now + msUntil(next.scaled, rule.limit * rule.periodMs, rule));
  }

  private store(key: string, state: GcraState, fullAt: number): void {
    this.buckets.set(key, { scaled: state.scaled, at: state.at, fullAt });
  }

  /** Drops full buckets: forgetting them changes no decision. */
  private prune(now: number): void {
    this.nextPrune = now + 10_000;
    for (const [key, entry] of this.buckets) if (entry.fullAt <= now) this.buckets.delete(key);
    // Still over the bound: the oldest entries go (insertion order), which can only admit more, never refuse wrongly.
    if (this.buckets.size > this.maxEntries) {
      let excess = this.buckets.size - this.maxEntries;
      for (const key of this.buckets.keys()) {
        if (excess-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
