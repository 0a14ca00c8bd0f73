/**
 * GCRA (generic cell rate algorithm) for the key policies' requests- and
 * tokens-per-minute, in its continuous-state form: a bucket of `limit` units
 * that refills continuously at limit / periodMs. A full bucket admits a burst
 * of `limit` at once; after that, one unit every periodMs / limit. Unlike a
 * fixed window there is no boundary at which the limit opens again, so no
 * "twice the rate across the minute".
 *
 * The state is the level and when it was taken, not a theoretical arrival
 * time in epoch ms: at 10^9 tokens a minute one token is 60 ns, below what a
 * double holds next to an epoch timestamp, while a level near the limit stays
 * exact. Pure maths here; ./gcra-memory.ts and ./gcra-redis.ts keep the state.
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

/** A bucket's level (may be negative: overdrawn by settlements) at time `at`. Absent: full. */
export type GcraState = { level: number; at: number };

/** The level at `now`: refilled since `at`, never above the limit. */
export function levelAt(state: GcraState | undefined, rule: GcraRule, now: number): number {
  if (!state) return rule.limit;
  return Math.min(rule.limit, state.level + (Math.max(0, now - state.at) * rule.limit) / rule.periodMs);
}

function resultFor(level: number, rule: GcraRule, now: number, allowed: boolean, retryAfterMs: number): GcraResult {
  return {
    allowed,
    limit: rule.limit,
    remaining: Math.max(0, Math.min(rule.limit, Math.floor(level + 1e-9))),
    resetAt: now + Math.ceil(((rule.limit - level) * rule.periodMs) / rule.limit),
    retryAfterMs,
  };
}

/** The decision for one bucket, and its state afterwards (unchanged when refused). */
export function decide(state: GcraState | undefined, rule: GcraRule, cost: number, now: number): { result: GcraResult; next: GcraState } {
  const level = levelAt(state, rule, now);
  if (cost > rule.limit) return { next: { level, at: now }, result: resultFor(level, rule, now, false, Infinity) };
  if (level + 1e-9 >= cost) return { next: { level: level - cost, at: now }, result: resultFor(level - cost, rule, now, true, 0) };
  const wait = Math.max(1, Math.ceil(((cost - level) * rule.periodMs) / rule.limit));
  return { next: { level, at: now }, result: resultFor(level, rule, now, false, wait) };
}

/** The state after an unconditional charge (positive, may overdraw) or give-back (negative, never above full). */
export function settled(state: GcraState | undefined, rule: GcraRule, delta: number, now: number): GcraState {
  return { level: Math.min(rule.limit, levelAt(state, rule, now) - delta), at: now };
}

/** A full bucket's state can be forgotten: it decides exactly like no state. */
export function isFull(state: GcraState, rule: GcraRule, now: number): boolean {
  return levelAt(state, rule, now) >= rule.limit;
}
