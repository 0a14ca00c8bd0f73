import type { Actor } from "../actor";
import { db } from "../db";
import { ENVIRONMENTS, type Environment } from "../keys/constants";
import type { KeyStatus } from "../keys/schemas";
import { keyStatus } from "../keys/status";
import { requireMembership } from "../membership";
import { parseInput } from "../validation";
import { seriesFrom, totalsOf, trendOf, type RollupRow, type UsagePoint, type UsageTotals } from "./series";
import { bucketsFor, windowInfo, type UsageWindow } from "./buckets";
import { teamUsageInputSchema, type TeamUsageInput } from "./query-schemas";
import { teamRollups } from "./query-rows";
import { spendByModel, type ModelSpend } from "./spend";
import { catalogueNames, monthSpan, teamMonthSpend, type MonthSpend } from "./spend-query";

export type KeyBreakdown = {
  id: string;
  name: string;
  environment: Environment;
  status: KeyStatus;
  prefix: string;
  last4: string;
  lastUsedAt: string | null;
  requests: number;
  verifications: number;
  valid: number;
  denied: number;
  s2xx: number;
  s4xx: number;
  s5xx: number;
  /** Reported 4xx + 5xx. */
  errors: number;
  errorRate: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** Spend in the range, micro-dollars. */
  costMicros: number;
  /** Month-to-date spend (UTC), micro-dollars. */
  monthSpentMicros: number;
  /** The key's own monthly budget; null for none. */
  budgetMicros: number | null;
};

export type TeamSpend = {
  month: MonthSpend & { spendCapMicros: number | null };
  /** Spend in the previous period of the range (same stretch as the trends). */
  previousCostMicros: number;
  trend: number | null;
  /** Range and month-to-date spend per model, costliest first. */
  byModel: ModelSpend[];
  byEnvironment: Record<Environment, { costMicros: number; requests: number }>;
};

export type UsageTrends = {
  requests: number | null;
  verifications: number | null;
  tokens: number | null;
  /** Change in error rate, in percentage points (0.012 = +1.2 points); null without a rate to compare. */
  errorRatePoints: number | null;
};

export type TeamUsage = UsageWindow & {
  team: { id: string; slug: string; name: string };
  totals: UsageTotals;
  previous: UsageTotals;
  trends: UsageTrends;
  /** One zero-filled series per environment. */
  byEnvironment: Record<Environment, UsagePoint[]>;
  /** Every key of the team, busiest first. */
  keys: KeyBreakdown[];
  /** Up to five keys with traffic in the range, busiest first. */
  topKeys: KeyBreakdown[];
  spend: TeamSpend;
};

export function trendsOf(current: UsageTotals, previous: UsageTotals): UsageTrends {
  return {
    requests: trendOf(current.requests, previous.requests),
    verifications: trendOf(current.verifications, previous.verifications),
    tokens: trendOf(current.inputTokens + current.outputTokens, previous.inputTokens + previous.outputTokens),
    errorRatePoints:
      current.errorRate !== null && previous.errorRate !== null ? current.errorRate - previous.errorRate : null,
  };
}

/** Costliest first, then busiest: spend, reported requests, verifications, then name. */
export function byActivity(a: KeyBreakdown, b: KeyBreakdown): number {
  return b.costMicros - a.costMicros || b.requests - a.requests || b.verifications - a.verifications || a.name.localeCompare(b.name);
}

/**
 * Team totals, trend against the same stretch of the previous period,
 * per-environment series, per-key totals and spend (usage.read).
 */
export async function getTeamUsage(actor: Actor, input: TeamUsageInput, now: number = Date.now()): Promise<TeamUsage> {
  return (await teamUsageWithRows(actor, input, now)).usage;
}

/** The dashboard's data and the range's rollup rows it was made from (one per key × bucket × model), for the CSV. */
export async function teamUsageWithRows(
  actor: Actor,
  input: TeamUsageInput,
  now: number = Date.now(),
): Promise<{ usage: TeamUsage; rows: RollupRow[]; catalogue: Map<string, string> }> {
  const { teamId, range } = parseInput(teamUsageInputSchema, input);
  await requireMembership(db, actor, teamId, "usage.read");
  const window = bucketsFor(range, now);
  const [team, keys, rows, monthRows, month, catalogue] = await Promise.all([
    db.team.findUniqueOrThrow({ where: { id: teamId }, select: { id: true, slug: true, name: true } }),
    db.apiKey.findMany({
      where: { teamId },
      select: {
        id: true, name: true, environment: true, prefix: true, last4: true, lastUsedAt: true, expiresAt: true, revokedAt: true, budgetMicros: true,
      },
    }),
    // The current and the previous period in one indexed range read.
    teamRollups(db, teamId, { granularity: window.granularity, from: window.previousFrom, to: window.to }),
    teamRollups(db, teamId, monthSpan(now)),
    teamMonthSpend(db, teamId, now),
    catalogueNames(db),
  ]);

  const current: RollupRow[] = [];
  const previous: RollupRow[] = [];
  const perKey = new Map<string, RollupRow[]>();
  for (const row of rows) {
    if (row.bucketStart < window.from) {
      if (row.bucketStart < window.previousTo) previous.push(row);
      continue;
    }
    current.push(row);
    const list = perKey.get(row.keyId);
    if (list) list.push(row);
    else perKey.set(row.keyId, [row]);
  }

  const envOf = new Map(keys.map((k) => [k.id, k.environment as Environment]));
  const byEnvironment = Object.fromEntries(
    ENVIRONMENTS.map((env) => [env, seriesFrom(window, current.filter((r) => envOf.get(r.keyId) === env))]),
  ) as Record<Environment, UsagePoint[]>;

  const at = new Date(now);
  const breakdown = keys
    .map((key): KeyBreakdown => {
      const t = totalsOf(perKey.get(key.id) ?? []);
      return {
        id: key.id,
        name: key.name,
        environment: key.environment as Environment,
        status: keyStatus(key, at),
        prefix: key.prefix,
        last4: key.last4,
        lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
        requests: t.requests,
        verifications: t.verifications,
        valid: t.valid,
        denied: t.denied,
        s2xx: t.s2xx,
        s4xx: t.s4xx,
        s5xx: t.s5xx,
        errors: t.s4xx + t.s5xx,
        errorRate: t.errorRate,
        inputTokens: t.inputTokens,
        outputTokens: t.outputTokens,
        cacheWriteTokens: t.cacheWriteTokens,
        cacheReadTokens: t.cacheReadTokens,
        costMicros: t.costMicros,
        monthSpentMicros: month.keys.get(key.id) ?? 0,
        budgetMicros: key.budgetMicros === null ? null : Number(key.budgetMicros),
      };
    })
    .sort(byActivity);

  const totals = totalsOf(current);
  const previousTotals = totalsOf(previous);
  const { keys: _perKeyMonth, ...monthTotals } = month;
  const spend: TeamSpend = {
    month: monthTotals,
    previousCostMicros: previousTotals.costMicros,
    trend: trendOf(totals.costMicros, previousTotals.costMicros),
    byModel: spendByModel(current, monthRows, catalogue),
    byEnvironment: Object.fromEntries(
      ENVIRONMENTS.map((env) => {
        const points = byEnvironment[env];
        return [env, { costMicros: points.reduce((n, p) => n + p.costMicros, 0), requests: points.reduce((n, p) => n + p.requests, 0) }];
      }),
    ) as TeamSpend["byEnvironment"],
  };
  const usage: TeamUsage = {
    ...windowInfo(window, now),
    team,
    totals,
    previous: previousTotals,
    trends: trendsOf(totals, previousTotals),
    byEnvironment,
    keys: breakdown,
    topKeys: breakdown.filter((k) => k.requests + k.verifications > 0).slice(0, 5),
    spend,
  };
  return { usage, rows: current, catalogue };
}
