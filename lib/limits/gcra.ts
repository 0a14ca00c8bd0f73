/**
 * GCRA (generic cell rate algorithm) for the key policies' requests- and
 * tokens-per-minute: a token bucket of `limit` that refills continuously at
 * limit / periodMs, kept as one number per key, the theoretical arrival time
 * (TAT). A full bucket admits a burst of `limit` at once; after that, one
 * unit every periodMs / limit. Unlike a fixed window there is no boundary at
 * which the limit opens again, so no "twice the rate across the minute".
 *
 * With emission interval T = periodMs / limit, a cost c is admitted when
 * max(TAT, now) + c·T − now ≤ periodMs, and then TAT becomes max(TAT, now) + c·T.
 * Pure maths here; ./gcra-memory.ts and ./gcra-redis.ts keep the state.
 */
export type GcraRule = { limit: number; periodMs: number };

export type GcraResult = {
  allowed: boolean;
  limit: number;
  /** Whole units left in the bucket after this call. */
  remaining: number;
  /** Epoch ms at which the bucket is full again. */
  resetAt: number;
  /** 0 when allowed; else ms until `cost` would be admitted (Infinity: never, the cost exceeds the whole limit). */
  retryAfterMs: number;
};

export type GcraItem = { key: string; rule: GcraRule; cost: number };

export interface GcraLimiter {
  /** Several buckets at once, all or nothing: admitted only if every one has room; a refusal takes from none. */
  takeAll(items: readonly GcraItem[], now: number): GcraResult[] | Promise<GcraResult[]>;
  /** An unconditional charge (positive: may overdraw, so later calls wait) or give-back (negative: never beyond a full bucket). */
  settle(key: string, rule: GcraRule, delta: number, now: number): void | Promise<void>;
}

export function emissionInterval(rule: GcraRule): number {
  return rule.periodMs / rule.limit;
}

/** The decision for one bucket whose TAT is `tat` (0 or less: full). */
export function decide(tat: number, rule: GcraRule, cost: number, now: number): { result: GcraResult; newTat: number } {
  const t = emissionInterval(rule);
  const base = Math.max(tat, now);
  const next = base + cost * t;
  if (cost > rule.limit) {
    return { newTat: tat, result: { allowed: false, limit: rule.limit, remaining: remainingAt(base, rule, now), resetAt: base, retryAfterMs: Infinity } };
  }
  if (next - now <= rule.periodMs) {
    return { newTat: next, result: { allowed: true, limit: rule.limit, remaining: remainingAt(next, rule, now), resetAt: next, retryAfterMs: 0 } };
  }
  return {
    newTat: tat,
    result: { allowed: false, limit: rule.limit, remaining: remainingAt(base, rule, now), resetAt: base, retryAfterMs: Math.max(1, Math.ceil(next - now - rule.periodMs)) },
  };
}

function remainingAt(tat: number, rule: GcraRule, now: number): number {
  const room = rule.periodMs - (tat - now);
  return Math.max(0, Math.min(rule.limit, Math.floor(room / emissionInterval(rule) + 1e-9)));
}

/** TAT after an unconditional charge or give-back of `delta`. */
export function settled(tat: number, rule: GcraRule, delta: number, now: number): number {
  const base = Math.max(tat, now);
  return Math.max(now, base + delta * emissionInterval(rule));
}
