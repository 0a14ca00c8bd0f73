/**
 * GCRA buckets in this process's memory: synchronous, one Map lookup per
 * bucket, for a single replica (or the fallback while Redis is down). Entries
 * whose bucket is full again are pruned as the map grows, so memory follows
 * the keys active in the last period.
 */
import { decide, settled, type GcraItem, type GcraLimiter, type GcraResult, type GcraRule } from "./gcra";

export class MemoryGcraLimiter implements GcraLimiter {
  private readonly tats = new Map<string, number>();
  private nextPrune = 0;

  constructor(private readonly maxEntries = 200_000) {}

  takeAll(items: readonly GcraItem[], now: number): GcraResult[] {
    const results: GcraResult[] = new Array(items.length);
    const tats: number[] = new Array(items.length);
    let allowed = true;
    for (let i = 0; i < items.length; i++) {
      const { key, rule, cost } = items[i];
      const decision = decide(this.tats.get(key) ?? 0, rule, cost, now);
      results[i] = decision.result;
      tats[i] = decision.newTat;
      if (!decision.result.allowed) allowed = false;
    }
    if (!allowed) {
      // All or nothing: the buckets that had room are told so, but keep what they had.
      for (let i = 0; i < items.length; i++) {
        if (results[i].allowed) results[i] = { ...decide(this.tats.get(items[i].key) ?? 0, items[i].rule, 0, now).result, allowed: false };
      }
      return results;
    }
    for (let i = 0; i < items.length; i++) this.tats.set(items[i].key, tats[i]);
    if (this.tats.size > this.maxEntries || now >= this.nextPrune) this.prune(now);
    return results;
  }

  settle(key: string, rule: GcraRule, delta: number, now: number): void {
    const tat = settled(this.tats.get(key) ?? 0, rule, delta, now);
    if (tat <= now) this.tats.delete(key);
    else this.tats.set(key, tat);
  }

  /** Drops full buckets (TAT in the past): forgetting them changes no decision. */
  private prune(now: number): void {
    this.nextPrune = now + 10_000;
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
    // Still over the bound: the oldest entries go (insertion order), which can only admit more, never refuse wrongly.
    if (this.tats.size > this.maxEntries) {
      let excess = this.tats.size - this.maxEntries;
      for (const key of this.tats.keys()) {
        if (excess-- <= 0) break;
        this.tats.delete(key);
      }
    }
  }
}
