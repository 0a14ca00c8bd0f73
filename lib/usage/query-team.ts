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

/** Busiest first: reported requests, then verifications, then name. */
export function byActivity(a: KeyBreakdown, b: KeyBreakdown): number {
  return b.requests - a.requests || b.verifications - a.verifications || a.name.localeCompare(b.name);
}

/**
 * Team totals, trend against the same stretch of the previous period,
 * per-environment series and per-key totals (usage.read).
 */
export async function getTeamUsage(actor: Actor, input: TeamUsageInput, now: number = Date.now()): Promise<TeamUsage> {
  const { teamId, range } = parseInput(teamUsageInputSchema, input);
  await requireMembership(db, actor.userId, teamId, "usage.read");
  const window = bucketsFor(range, now);
  const [team, keys, rows] = await Promise.all([
    db.team.findUniqueOrThrow({ where: { id: teamId }, select: { id: true, slug: true, name: true } }),
    db.apiKey.findMany({
      where: { teamId },
      select: { id: true, name: true, environment: true, prefix: true, last4: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    }),
    // The current and the previous period in one indexed range read.
    teamRollups(db, teamId, { granularity: window.granularity, from: window.previousFrom, to: window.to }),
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
      };
    })
    .sort(byActivity);

  const totals = totalsOf(current);
  const previousTotals = totalsOf(previous);
  return {
    ...windowInfo(window, now),
    team,
    totals,
    previous: previousTotals,
    trends: trendsOf(totals, previousTotals),
    byEnvironment,
    keys: breakdown,
    topKeys: breakdown.filter((k) => k.requests + k.verifications > 0).slice(0, 5),
  };
}
