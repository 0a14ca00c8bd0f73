/**
 * The spend a dashboard shows beside its charts: month-to-date counters (the
 * same SpendCounter rows the verify API's budget check reads, so the bar and
 * the refusal agree), the budgets they are measured against, and the
 * catalogue's model names. No permission checks: callers check first.
 */
import type { Tx } from "../db";
import { periodEnd, periodLabel, periodOf, periodStart } from "../budgets/period";
import { loadTeamCeiling } from "../policy/limits-in-effect";
import type { RollupGranularity } from "./buckets";

export type MonthSpend = {
  /** "2026-12" */
  period: string;
  /** "December 2026" */
  label: string;
  /** Epoch ms of the month's first instant (UTC). */
  startsAt: number;
  /** Epoch ms at which the month's budgets reset (UTC). */
  resetsAt: number;
  spentMicros: number;
  /** The budget set on the team or key itself; null for none. */
  budgetMicros: number | null;
};

/** The month-to-date window, read from day rollups. */
export function monthSpan(now: number): { granularity: RollupGranularity; from: number; to: number } {
  return { granularity: "day", from: periodStart(now), to: periodEnd(now) };
}

function monthOf(now: number, spentMicros: number, budgetMicros: number | null): MonthSpend {
  const period = periodOf(now);
  return { period, label: periodLabel(period), startsAt: periodStart(now), resetsAt: periodEnd(now), spentMicros, budgetMicros };
}

export type TeamMonthSpend = MonthSpend & {
  /** The operator's monthly spend cap for the team (its override or the default plan); null for none. */
  spendCapMicros: number | null;
  /** Each key's month-to-date spend; keys without spend are absent. */
  keys: Map<string, number>;
};

export async function teamMonthSpend(client: Tx, teamId: string, now: number): Promise<TeamMonthSpend> {
  const period = periodOf(now);
  const [counters, ceiling] = await Promise.all([
    client.spendCounter.findMany({ where: { teamId, period }, select: { scope: true, scopeId: true, spentMicros: true } }),
    loadTeamCeiling(client, teamId),
  ]);
  let team = 0;
  const keys = new Map<string, number>();
  for (const c of counters) {
    if (c.scope === "team" && c.scopeId === teamId) team = Number(c.spentMicros);
    else if (c.scope === "key") keys.set(c.scopeId, Number(c.spentMicros));
  }
  return { ...monthOf(now, team, ceiling.budgetMicros), spendCapMicros: ceiling.spendCapMicros, keys };
}

export async function keyMonthSpend(client: Tx, keyId: string, now: number): Promise<MonthSpend> {
  const period = periodOf(now);
  const [counter, key] = await Promise.all([
    client.spendCounter.findUnique({ where: { scope_scopeId_period: { scope: "key", scopeId: keyId, period } }, select: { spentMicros: true } }),
    client.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: { budgetMicros: true } }),
  ]);
  return monthOf(now, Number(counter?.spentMicros ?? 0), key.budgetMicros === null ? null : Number(key.budgetMicros));
}

/** Model id → display name, for every model the operator's catalogue lists (enabled or not). */
export async function catalogueNames(client: Tx): Promise<Map<string, string>> {
  const models = await client.model.findMany({ select: { id: true, displayName: true } });
  return new Map(models.map((m) => [m.id, m.displayName]));
}
