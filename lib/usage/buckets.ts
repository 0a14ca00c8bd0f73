import { z } from "zod";

/**
 * Time windows of the usage charts. Buckets are aligned to UTC so they line
 * up with the hour and day rollups; the console labels them in UTC too.
 */
export const USAGE_RANGES = ["24h", "7d", "30d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];
export const usageRangeSchema = z.enum(USAGE_RANGES, { error: "Range must be one of 24h, 7d or 30d." });
export const DEFAULT_RANGE: UsageRange = "7d";

export const RANGE_LABELS: Record<UsageRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export type RollupGranularity = "minute" | "hour" | "day";
const GRANULARITY_MS: Record<RollupGranularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

type RangeSpec = { granularity: RollupGranularity; bucketMs: number; count: number };

// 24 hourly bars, 28 six-hour bars (hour rollups summed) and 30 daily bars:
// enough resolution to see a daily rhythm without unreadably thin bars.
export const RANGE_SPECS: Record<UsageRange, RangeSpec> = {
  "24h": { granularity: "hour", bucketMs: HOUR_MS, count: 24 },
  "7d": { granularity: "hour", bucketMs: 6 * HOUR_MS, count: 28 },
  "30d": { granularity: "day", bucketMs: DAY_MS, count: 30 },
};

export type BucketWindow = {
  range: UsageRange;
  /** Which rollups to read. */
  granularity: RollupGranularity;
  /** Width of one chart bucket (a multiple of the rollup granularity). */
  bucketMs: number;
  /** First bucket start (inclusive), epoch ms. */
  from: number;
  /** End of the last bucket (exclusive); the last bucket contains `now`. */
  to: number;
  /** Bucket starts, oldest first. */
  starts: number[];
  /** The period of equal length just before `from`, for trends. */
  previousFrom: number;
  /**
   * End of the part of the previous period that matches what has elapsed of
   * this one (at rollup resolution), so a half-finished last bucket is not
   * compared against a full one.
   */
  previousTo: number;
};

export function isUsageRange(value: unknown): value is UsageRange {
  return typeof value === "string" && (USAGE_RANGES as readonly string[]).includes(value);
}

/** The range named in a search param, or the default for anything else. */
export function rangeFromParam(value: string | string[] | undefined | null): UsageRange {
  const first = Array.isArray(value) ? value[0] : value;
  return isUsageRange(first) ? first : DEFAULT_RANGE;
}

export function floorTo(t: number, stepMs: number): number {
  return Math.floor(t / stepMs) * stepMs;
}

export function bucketsFor(range: UsageRange, now: number): BucketWindow {
  const { granularity, bucketMs, count } = RANGE_SPECS[range];
  const last = floorTo(now, bucketMs);
  const from = last - (count - 1) * bucketMs;
  const starts = Array.from({ length: count }, (_, i) => from + i * bucketMs);
  const previousFrom = from - count * bucketMs;
  const elapsed = floorTo(now, GRANULARITY_MS[granularity]) + GRANULARITY_MS[granularity] - from;
  return { range, granularity, bucketMs, from, to: last + bucketMs, starts, previousFrom, previousTo: previousFrom + elapsed };
}

/** Index of the bucket holding `t`, or -1 outside the window. */
export function bucketIndex(window: Pick<BucketWindow, "from" | "to" | "bucketMs">, t: number): number {
  if (t < window.from || t >= window.to) return -1;
  return Math.floor((t - window.from) / window.bucketMs);
}

/** The chart window as sent to the browser. */
export type UsageWindow = Pick<BucketWindow, "range" | "bucketMs" | "from" | "to" | "starts"> & { generatedAt: number };

export function windowInfo(window: BucketWindow, now: number): UsageWindow {
  const { range, bucketMs, from, to, starts } = window;
  return { range, bucketMs, from, to, starts, generatedAt: now };
}

/** What a range is compared with, for trend captions. */
export const PREVIOUS_LABELS: Record<UsageRange, string> = {
  "24h": "previous 24 hours",
  "7d": "previous 7 days",
  "30d": "previous 30 days",
};
