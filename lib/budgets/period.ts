/**
 * Budget periods: calendar months in UTC. A budget resets at 00:00 UTC on the
 * first day of each month. Pure; ts are epoch milliseconds.
 */

/** "2026-12" for any instant in December 2026 (UTC). */
export function periodOf(ts: number): string {
  const d = new Date(ts);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Epoch ms of the first instant of the month holding `ts`. */
export function periodStart(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Epoch ms at which the month holding `ts` ends and its budgets reset. */
export function periodEnd(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** "December 2026" for a period string. */
export function periodLabel(period: string): string {
  const [y, m] = period.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** Epoch ms at which a period ("2026-12") ends and its budgets reset. */
export function periodEndOf(period: string): number {
  const [y, m] = period.split("-").map(Number);
  return Date.UTC(y, m, 1);
}
