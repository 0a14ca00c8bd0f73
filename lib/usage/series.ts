import { bucketIndex, type BucketWindow } from "./buckets";
import { OUTCOME_COLUMN_NAMES, type OutcomeColumn } from "../verify/codes";
import { mergeHists, percentileFromHist } from "./latency";
import type { RollupCounters } from "./rollup";

/** One rollup row as read from the database, with the BigInt and JSON decoded. */
export type RollupRow = Omit<RollupCounters, "teamId" | "granularity" | "latencyHist"> & { latencyHist: number[] };

/** What the charts plot per bucket: one count per verify outcome (lib/verify/codes.ts), `denied` all but valid. */
export type UsagePoint = {
  t: number;
  verifications: number;
  denied: number;
  requests: number;
  s2xx: number;
  s4xx: number;
  s5xx: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** Integer micro-dollars. */
  costMicros: number;
} & Record<OutcomeColumn, number>;

/** Outcome columns that are refusals, in the order of lib/verify/codes.ts. */
export const REFUSAL_COLUMNS = OUTCOME_COLUMN_NAMES.filter((c) => c !== "valid") as Exclude<OutcomeColumn, "valid">[];

export type UsageTotals = Omit<UsagePoint, "t"> & {
  /** Reported requests priced at the operator's fallback price (model not in the catalogue). */
  fallbackPriced: number;
  /** (4xx + 5xx) / reported requests; null without requests. */
  errorRate: number | null;
  /** denied / verifications; null without verifications. */
  denialRate: number | null;
  /** Percentiles from the merged histograms (null if no histogram was kept); null without reported latencies. */
  latency: { p50: number | null; p95: number | null; avg: number; count: number } | null;
};

export function emptyPoint(t: number): UsagePoint {
  const point = {
    t, verifications: 0, denied: 0, requests: 0, s2xx: 0, s4xx: 0, s5xx: 0,
    inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costMicros: 0,
  } as UsagePoint;
  for (const column of OUTCOME_COLUMN_NAMES) point[column] = 0;
  return point;
}

/** A rollup row with every counter zero, then `fields`: for tests and fixtures. */
export function rollupRow(fields: Partial<RollupRow> & Pick<RollupRow, "keyId" | "bucketStart">): RollupRow {
  const row = {
    model: "", verifications: 0, requests: 0, status2xx: 0, status4xx: 0, status5xx: 0, latencyCount: 0, latencySum: 0, latencyHist: [],
    inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costMicros: 0, fallbackPriced: 0,
  } as unknown as RollupRow;
  for (const column of OUTCOME_COLUMN_NAMES) row[column] = 0;
  return Object.assign(row, fields);
}

/** Every refused verification, whatever the reason. */
export function deniedOf(row: Pick<RollupRow, OutcomeColumn>): number {
  let n = 0;
  for (const column of REFUSAL_COLUMNS) n += row[column];
  return n;
}

/**
 * Adds one rollup row into a point. Rollups are one row per key × bucket ×
 * model, so a bucket's point is the sum over its models (and keys).
 */
export function addRow(point: UsagePoint, row: RollupRow): void {
  point.verifications += row.verifications;
  for (const column of OUTCOME_COLUMN_NAMES) point[column] += row[column];
  point.denied += deniedOf(row);
  point.requests += row.requests;
  point.s2xx += row.status2xx;
  point.s4xx += row.status4xx;
  point.s5xx += row.status5xx;
  point.inputTokens += row.inputTokens;
  point.outputTokens += row.outputTokens;
  point.cacheWriteTokens += row.cacheWriteTokens;
  point.cacheReadTokens += row.cacheReadTokens;
  point.costMicros += row.costMicros;
}

/** One point per bucket of the window, zero-filled; rows outside the window are ignored. */
export function seriesFrom(window: BucketWindow, rows: Iterable<RollupRow>): UsagePoint[] {
  const points = window.starts.map(emptyPoint);
  for (const row of rows) {
    const i = bucketIndex(window, row.bucketStart);
    if (i >= 0) addRow(points[i], row);
  }
  return points;
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function totalsOf(rows: Iterable<RollupRow>): UsageTotals {
  const sum = emptyPoint(0);
  let fallbackPriced = 0;
  let latencyCount = 0;
  let latencySum = 0;
  let hist: number[] = [];
  for (const row of rows) {
    addRow(sum, row);
    fallbackPriced += row.fallbackPriced;
    latencyCount += row.latencyCount;
    latencySum += row.latencySum;
    if (row.latencyCount > 0) hist = mergeHists(hist, row.latencyHist);
  }
  const { t: _t, ...counts } = sum;
  return {
    ...counts,
    fallbackPriced,
    errorRate: ratio(sum.s4xx + sum.s5xx, sum.requests),
    denialRate: ratio(sum.denied, sum.verifications),
    latency:
      latencyCount > 0
        ? {
            p50: percentileFromHist(hist, 0.5),
            p95: percentileFromHist(hist, 0.95),
            avg: latencySum / latencyCount,
            count: latencyCount,
          }
        : null,
  };
}

/** Relative change from `previous` to `current`; null when there is nothing to compare with. */
export function trendOf(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

export type TrafficMetric = "requests" | "verifications";
export type EnvMetric = TrafficMetric | "costMicros";

/** One row per bucket with one column per environment, for a stacked chart of `metric`. */
export function envSeries<E extends string>(
  byEnvironment: Record<E, UsagePoint[]>,
  metric: EnvMetric,
): ({ t: number } & Record<E, number>)[] {
  const envs = Object.keys(byEnvironment) as E[];
  const length = envs.length > 0 ? byEnvironment[envs[0]].length : 0;
  return Array.from({ length }, (_, i) => {
    const row = { t: byEnvironment[envs[0]][i].t } as { t: number } & Record<E, number>;
    for (const env of envs) (row as Record<E, number>)[env] = byEnvironment[env][i][metric];
    return row;
  });
}

/** Whether a series has anything to draw. */
export function hasTraffic(points: readonly UsagePoint[]): boolean {
  return points.some((p) => p.verifications > 0 || p.requests > 0);
}

/** The `limit` items with the largest positive `value`, largest first (ties keep their order). */
export function topBy<T>(items: readonly T[], value: (item: T) => number, limit = 5): T[] {
  return items
    .map((item, i) => ({ item, v: value(item), i }))
    .filter((x) => x.v > 0)
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.item);
}
