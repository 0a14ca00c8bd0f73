/**
 * The time buckets of a usage or cost report, and its page cursor. Buckets are the
 * rollups' own UTC minutes, hours and days (lib/usage/rollup.ts), so a report bucket is
 * read from exactly the rollup rows that start in it, never split or interpolated.
 */
import { AppError } from "../../errors";
import { BUCKET_MS, bucketStart, type Granularity } from "../../usage/rollup";

export const BUCKET_WIDTHS = ["1m", "1h", "1d"] as const;
export type BucketWidth = (typeof BUCKET_WIDTHS)[number];

export const GRANULARITY_OF: Record<BucketWidth, Granularity> = { "1m": "minute", "1h": "hour", "1d": "day" };

/** Buckets per answer, as Anthropic's Admin API allows them: a default and a maximum per width. */
export const BUCKET_LIMITS: Record<BucketWidth, { default: number; max: number }> = {
  "1m": { default: 60, max: 1440 },
  "1h": { default: 24, max: 168 },
  "1d": { default: 7, max: 31 },
};

export type WindowInput = {
  startingAt: number;
  /** Exclusive; absent: through the bucket holding `now`. */
  endingAt?: number;
  width: BucketWidth;
  limit?: number;
  /** A `next_page` of an earlier answer to the same query. */
  page?: string;
  now: number;
};

export type ReportWindow = {
  granularity: Granularity;
  bucketMs: number;
  /** Bucket starts of this page, oldest first (epoch ms). */
  starts: number[];
  nextPage: string | null;
};

const PAGE_PREFIX = "page_";

/** The opaque cursor: `page_` + base64url of the next bucket's start (RFC 3339). */
export function encodePage(start: number): string {
  return PAGE_PREFIX + Buffer.from(new Date(start).toISOString()).toString("base64url");
}

export function decodePage(page: string): number | null {
  if (!page.startsWith(PAGE_PREFIX)) return null;
  const text = Buffer.from(page.slice(PAGE_PREFIX.length), "base64url").toString("utf8");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

/**
 * This page's buckets: from the bucket holding `startingAt` (snapped down to its UTC
 * minute/hour/day, or the cursor's bucket) up to `limit` buckets that start before
 * `endingAt` (none when the query starts after the current bucket and names no end).
 * A cursor that is not a bucket of this query is INVALID.
 */
export function reportWindow(input: WindowInput): ReportWindow {
  const granularity = GRANULARITY_OF[input.width];
  const bucketMs = BUCKET_MS[granularity];
  const { default: fallback, max } = BUCKET_LIMITS[input.width];
  if (!Number.isFinite(input.startingAt) || (input.endingAt !== undefined && !Number.isFinite(input.endingAt))) {
    throw new AppError("INVALID", "starting_at and ending_at must be RFC 3339 date-times.");
  }
  const limit = input.limit ?? fallback;
  if (limit < 1 || limit > max) throw new AppError("INVALID", `limit: at most ${max} buckets of ${input.width}.`);
  const first = bucketStart(input.startingAt, granularity);
  const end = input.endingAt ?? bucketStart(input.now, granularity) + bucketMs;
  if (end <= input.startingAt) {
    // A start in the future without an end: nothing has happened there yet.
    if (input.endingAt === undefined) return { granularity, bucketMs, starts: [], nextPage: null };
    throw new AppError("INVALID", "ending_at: must be after starting_at.");
  }

  let from = first;
  if (input.page !== undefined) {
    const cursor = decodePage(input.page);
    if (cursor === null || cursor % bucketMs !== 0 || cursor < first || cursor >= end) {
      throw new AppError("INVALID", "page: not a page of this report (pass next_page with the same query).");
    }
    from = cursor;
  }
  const starts: number[] = [];
  for (let s = from; s < end && starts.length < limit; s += bucketMs) starts.push(s);
  const next = from + starts.length * bucketMs;
  return { granularity, bucketMs, starts, nextPage: next < end && starts.length > 0 ? encodePage(next) : null };
}

/** `{ starting_at, ending_at }` of one bucket, as the reports write them. */
export function bucketBounds(start: number, bucketMs: number): { starting_at: string; ending_at: string } {
  return { starting_at: new Date(start).toISOString(), ending_at: new Date(start + bucketMs).toISOString() };
}
