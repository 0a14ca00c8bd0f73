/**
 * Budget alerts (issue 9): at each threshold of a budget (50, 80 and 100 %
 * by default, per team), an email to the team's alert recipients, once per
 * threshold per month (UTC).
 *
 * A run claims every threshold the current spend has crossed that has no
 * BudgetAlert row yet (claims.ts), then emails what is waiting (deliver.ts).
 * When several thresholds are crossed at once, all are claimed, so the lower
 * ones never fire later, and one email names the highest. Thresholds are
 * percentages of whatever the budget is when the spend is seen: raising a
 * budget mid-month re-sends nothing already sent; lowering it may fire the
 * thresholds the spend now crosses.
 *
 * The maintenance scheduler runs it every BUDGET_ALERT_INTERVAL_MS (15 s);
 * tests and the end-to-end suite call checkBudgetAlerts directly.
 */
import { intFromEnv } from "../limits/env";
import { insertClaims, type NewClaim } from "./claims";
import { deliverPendingAlerts } from "./deliver";
import { periodOf } from "./period";
import { claimKey, loadBudgetTargets, loadClaimed } from "./targets";
import { crossedThresholds } from "./thresholds";

export const DEFAULT_BUDGET_ALERT_INTERVAL_MS = 15_000;

/** BUDGET_ALERT_INTERVAL_MS; a malformed value stops the start (ConfigError). */
export function budgetAlertIntervalFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return intFromEnv(env, "BUDGET_ALERT_INTERVAL_MS", DEFAULT_BUDGET_ALERT_INTERVAL_MS);
}

export type BudgetAlertReport = { claimed: number; sent: number; failed: number; gaveUp: number };

export async function checkBudgetAlerts(now = Date.now(), options: { log?: Pick<Console, "log" | "error"> } = {}): Promise<BudgetAlertReport> {
  const period = periodOf(now);
  const [targets, claimed] = await Promise.all([loadBudgetTargets(period, now), loadClaimed(period)]);
  const claims: NewClaim[] = [];
  for (const target of targets) {
    for (const threshold of crossedThresholds(target.spentMicros, target.limitMicros, target.thresholds)) {
      if (claimed.has(claimKey(target.scope, target.scopeId, threshold))) continue;
      claims.push({ ...target, period, threshold });
    }
  }
  const won = claims.length ? await insertClaims(claims, now) : 0;
  const delivery = await deliverPendingAlerts(now, options.log);
  return { claimed: won, ...delivery };
}

/** The scheduler's log line, or null when the run did nothing worth saying. */
export function describeBudgetAlertRun(r: BudgetAlertReport): string | null {
  const parts = [
    ...(r.claimed ? [`${r.claimed} threshold(s) crossed`] : []),
    ...(r.sent ? [`${r.sent} email(s) sent`] : []),
    ...(r.failed ? [`${r.failed} to retry`] : []),
    ...(r.gaveUp ? [`${r.gaveUp} given up`] : []),
  ];
  return parts.length ? `budget alerts: ${parts.join(", ")}` : null;
}
