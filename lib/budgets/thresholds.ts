/**
 * Budget arithmetic shared by the alert job and the console banner. Pure;
 * amounts are integer micro-dollars.
 */

/** A threshold of p % is crossed once spend reaches p % of the limit (100 %: verification answers BUDGET_EXCEEDED). */
export function crossedThresholds(spentMicros: number, limitMicros: number, thresholds: readonly number[]): number[] {
  if (limitMicros <= 0 || spentMicros <= 0) return [];
  // spent × 100 ≥ p × limit, in integers: no float rounding decides whether an alert fires.
  return thresholds.filter((p) => spentMicros * 100 >= p * limitMicros).sort((a, b) => a - b);
}

/** Whole per cent used, rounded down, so "100 %" is never shown before the budget is actually used up. */
export function percentUsed(spentMicros: number, limitMicros: number): number {
  if (limitMicros <= 0) return 0;
  return Math.floor((spentMicros * 100) / limitMicros);
}

export type BudgetLevel = "ok" | "warning" | "over";

/** The banner's view: from 80 % a warning, from 100 % over budget. */
export const WARNING_PERCENT = 80;

export function budgetLevel(spentMicros: number, limitMicros: number): BudgetLevel {
  if (spentMicros >= limitMicros) return "over";
  if (spentMicros * 100 >= WARNING_PERCENT * limitMicros) return "warning";
  return "ok";
}

/** Give up on an alert's email after this many failed attempts. */
export const MAX_EMAIL_ATTEMPTS = 5;

/**
 * When attempt n+1 (after n failed ones) may start, counted from the claim:
 * at once, then 1 min, 5 min, 30 min and 2 h after it. A mail server that is
 * down for a while does not use up the five attempts in 75 seconds.
 */
const RETRY_AFTER_MS = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

export function nextAttemptAt(claimedAt: number, failedAttempts: number): number | null {
  if (failedAttempts >= MAX_EMAIL_ATTEMPTS) return null;
  return claimedAt + RETRY_AFTER_MS[Math.min(failedAttempts, RETRY_AFTER_MS.length - 1)];
}
