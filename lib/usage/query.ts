import type { Actor } from "../actor";
import { db } from "../db";
import type { Environment } from "../keys/constants";
import { parseInput } from "../keys/schemas";
import type { KeyStatus } from "../keys/schemas";
import { findKeySummary } from "../keys/queries";
import { requireMembership } from "../membership";
import { can } from "../permissions";
import { seriesFrom, totalsOf, type UsagePoint, type UsageTotals } from "./series";
import { bucketsFor, windowInfo, type BucketWindow, type UsageRange, type UsageWindow } from "./buckets";
import { keyUsageInputSchema, type KeyUsageInput } from "./query-schemas";
import { keyRollups } from "./query-rows";
import { spendByModel, type ModelSpend } from "./spend";
import { catalogueNames, keyMonthSpend, monthSpan, type MonthSpend } from "./spend-query";

export type KeyUsageSeries = { window: BucketWindow; series: UsagePoint[]; totals: UsageTotals };

/**
 * A key's chart data for a range, from its rollups only (no permission check:
 * callers check first). Exported on its own so the benchmark can time it.
 */
export async function keyUsageSeries(keyId: string, range: UsageRange, now: number = Date.now()): Promise<KeyUsageSeries> {
  const window = bucketsFor(range, now);
  const rows = await keyRollups(db, keyId, { granularity: window.granularity, from: window.from, to: window.to });
  return { window, series: seriesFrom(window, rows), totals: totalsOf(rows) };
}

export type KeyUsage = UsageWindow & {
  key: {
    id: string;
    teamId: string;
    name: string;
    environment: Environment;
    prefix: string;
    last4: string;
    status: KeyStatus;
    createdAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
    lastUsedAt: string | null;
    rotatedToId: string | null;
    rotatedFromId: string | null;
  };
  series: UsagePoint[];
  totals: UsageTotals;
  spend: {
    /** Month to date (UTC) against the key's own budget. */
    month: MonthSpend;
    /** Range and month-to-date spend per model, costliest first. */
    byModel: ModelSpend[];
  };
  /** What the caller's role may do here, for the UI only (the server checks again). */
  viewer: { canManageKeys: boolean };
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Usage of one key over a range (usage.read). A key of another team, or a
 * team the caller is not in, is NOT_FOUND.
 */
export async function getKeyUsage(actor: Actor, input: KeyUsageInput, now: number = Date.now()): Promise<KeyUsage> {
  const { teamId, keyId, range } = parseInput(keyUsageInputSchema, input);
  const { role } = await requireMembership(db, actor, teamId, "usage.read");
  const key = await findKeySummary(db, teamId, keyId, new Date(now));
  const window = bucketsFor(range, now);
  const [rows, monthRows, month, catalogue] = await Promise.all([
    keyRollups(db, key.id, { granularity: window.granularity, from: window.from, to: window.to }),
    keyRollups(db, key.id, monthSpan(now)),
    keyMonthSpend(db, key.id, now),
    catalogueNames(db),
  ]);
  return {
    ...windowInfo(window, now),
    key: {
      id: key.id,
      teamId: key.teamId,
      name: key.name,
      environment: key.environment,
      prefix: key.prefix,
      last4: key.last4,
      status: key.status,
      createdAt: key.createdAt.toISOString(),
      expiresAt: iso(key.expiresAt),
      revokedAt: iso(key.revokedAt),
      // Written by ingestion in the same transaction as the rollups.
      lastUsedAt: iso(key.lastUsedAt),
      rotatedToId: key.rotatedToId,
      rotatedFromId: key.rotatedFromId,
    },
    series: seriesFrom(window, rows),
    totals: totalsOf(rows),
    spend: { month, byModel: spendByModel(rows, monthRows, catalogue) },
    viewer: { canManageKeys: can(role, "keys.create") },
  };
}

export { getTeamUsage, teamUsageWithRows, type KeyBreakdown, type TeamSpend, type TeamUsage } from "./query-team";
