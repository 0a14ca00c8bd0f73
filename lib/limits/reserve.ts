import type { Limiter, LimitResult, LimitRule } from "./limiter";

/** One counter to charge: which key, under which rule. */
export type LimitCheck = { key: string; rule: LimitRule };

export type Reservation =
  | { allowed: true; results: LimitResult[]; release: () => Promise<void> }
  | { allowed: false; refused: LimitResult; check: LimitCheck };

/**
 * Charges `cost` to each check in order, before the work it guards, so that
 * parallel requests cannot all pass a check that only counts afterwards. At
 * the first refusal it gives back everything this call took and stops, so the
 * counts hold only admitted work: a request refused by one limit must not use
 * up another (a user locked out of one account must not eat their network's
 * allowance for every account), and a refusal caused by reservations that are
 * later given back must not outlive them.
 *
 * `release()` gives everything back, for work that turned out not to count
 * (a sign-in that succeeded is not a failure). It charges a negative cost in
 * the same window as the reservation (same `now`), so it cannot add
 * allowance to a later window.
 */
export async function reserve(
  limiter: Limiter,
  checks: LimitCheck[],
  { cost = 1, now = Date.now() }: { cost?: number; now?: number } = {},
): Promise<Reservation> {
  const results: LimitResult[] = [];
  for (const [i, check] of checks.entries()) {
    const result = await limiter.consume(check.key, check.rule, cost, now);
    if (!result.allowed) {
      await giveBack(limiter, checks.slice(0, i + 1), cost, now);
      return { allowed: false, refused: result, check };
    }
    results.push(result);
  }
  return { allowed: true, results, release: () => giveBack(limiter, checks, cost, now) };
}

/** Returns `cost` to each check's counter in the window of `now`. */
export async function giveBack(limiter: Limiter, checks: LimitCheck[], cost: number, now: number): Promise<void> {
  for (const check of checks) await limiter.consume(check.key, check.rule, -cost, now);
}

/** How much of the window's allowance has been used (refusals included, up to the limit). */
export const usedOf = (result: LimitResult): number => result.limit - result.remaining;
