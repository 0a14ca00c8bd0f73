/**
 * GCRA (generic cell rate algorithm) for the key policies' requests- and
 * tokens-per-minute, in its continuous-state form: a bucket of `limit` units
 * that refills continuously at limit / periodMs. A full bucket admits a burst
 * of `limit` at once; after that, one unit every periodMs / limit. Unlike a
 * fixed window there is no boundary at which the limit opens again, so no
 * "twice the rate across the minute".
 *
 * The state is the level in tokens × periodMs, and when it was taken: a
 * refill of `elapsed` ms adds exactly elapsed × limit, so every number is a
 * whole number below 2^53 (10^9 tokens × a minute is 6·10^13) and doubles,
 * here and in Redis's Lua, compute it exactly; no epsilon, no drift. Pure
 * maths here; ./gcra-memory.ts and ./gcra-redis.ts keep the state.
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

/** A bucket's level in tokens × rule.periodMs (negative: overdrawn by settlements) at time `at`. Absent: full. */
export type GcraState = { scaled: number; at: number };

const full = (rule: GcraRule) => rule.limit * rule.periodMs;

/** The scaled level at `now`: refilled since `at`, never above full. */
export function scaledAt(state: GcraState | undefined, rule: GcraRule, now: number): number {
  if (!state) return full(rule);
  return Math.min(full(rule), state.scaled + Math.max(0, now - state.at) * rule.limit);
}

// Whole-number division of exact integers, corrected where the double quotient rounded across an integer.
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}
const ceilDiv = (a: number, b: number) => -floorDiv(-a, b);

/** Ms until the scaled level reaches `target` (0 if it already has). */
export function msUntil(scaled: number, target: number, rule: GcraRule): number {
  return scaled >= target ? 0 : ceilDiv(target - scaled, rule.limit);
}

function resultFor(scaled: number, rule: GcraRule, now: number, allowed: boolean, retryAfterMs: number): GcraResult {
  return {
    allowed,
    limit: rule.limit,
    remaining: scaled <= 0 ? 0 : floorDiv(scaled, rule.periodMs),
    resetAt: now + msUntil(scaled, full(rule), rule),
    retryAfterMs,
  };
}

/** The decision for one bucket, and its state afterwards (unchanged when refused). */
export function decide(state: GcraState | undefined, rule: GcraRule, cost: number, now: number): { result: GcraResult; next: GcraState } {
  const scaled = scaledAt(state, rule, now);
  const needed = cost * rule.periodMs;
  if (cost > rule.limit) return { next: { scaled, at: now }, result: resultFor(scaled, rule, now, false, Infinity) };
  if (scaled >= needed) return { next: { scaled: scaled - needed, at: now }, result: resultFor(scaled - needed, rule, now, true, 0) };
  return { next: { scaled, at: now }, result: resultFor(scaled, rule, now, false, msUntil(scaled, needed, rule)) };
}

/** The state after an unconditional charge (positive, may overdraw) or give-back (negative, never above full). */
export function settled(state: GcraState | undefined, rule: GcraRule, delta: number, now: number): GcraState {
  return { scaled: Math.min(full(rule), scaledAt(state, rule, now) - delta * rule.periodMs), at: now };
}
