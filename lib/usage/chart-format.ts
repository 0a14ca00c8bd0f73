/**
 * Pure formatting for the usage charts and cards. Dates are shown in UTC
 * (the buckets are UTC-aligned) and built by hand, so server and browser
 * render identical strings whatever their locale.
 */
import { DAY_MS, HOUR_MS } from "./buckets";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

export function formatDay(t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** X-axis label: the date at midnight and for daily buckets, else the time of day. */
export function formatTick(t: number, bucketMs: number): string {
  if (bucketMs >= DAY_MS || t % DAY_MS === 0) return formatDay(t);
  return formatClock(t);
}

/** Tooltip heading for one bucket, e.g. "Nov 22, 14:00–15:00 UTC". */
export function formatBucket(t: number, bucketMs: number): string {
  if (bucketMs >= DAY_MS) return bucketMs === DAY_MS ? `${formatDay(t)} (UTC)` : `${formatDay(t)} – ${formatDay(t + bucketMs - DAY_MS)} (UTC)`;
  const end = t + bucketMs;
  const endLabel = end % DAY_MS === 0 ? "24:00" : formatClock(end);
  return `${formatDay(t)}, ${formatClock(t)}–${endLabel} UTC`;
}

const TICK_STEPS = [HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 4 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS, 2 * DAY_MS, 5 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS];

/**
 * Which bucket starts get an x-axis label: those on the smallest round step
 * (3h, 1d, 5d…) that keeps the count at or under `maxTicks`, so labels sit on
 * memorable times instead of wherever the window happens to start.
 */
export function axisTicks(starts: number[], bucketMs: number, maxTicks = 8): number[] {
  for (const step of TICK_STEPS) {
    if (step < bucketMs || step % bucketMs !== 0) continue;
    const ticks = starts.filter((t) => t % step === 0);
    if (ticks.length <= maxTicks && ticks.length > 0) return ticks;
  }
  return starts.length > 0 ? [starts[0]] : [];
}

const grouped = new Intl.NumberFormat("en-US");

export function formatNumber(n: number): string {
  return grouped.format(Math.round(n));
}

/** 950, 1.2k, 12k, 3.4M: for axes and cards where space is tight. */
export function formatCompact(n: number): string {
  if (Math.abs(n) < 999.5) return String(Math.round(n));
  const units = ["k", "M", "B", "T"];
  let v = n / 1000;
  let unit = 0;
  // Step up while rounding would print "1000k".
  while (Math.abs(v) >= 999.5 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  const text = Math.abs(v) >= 10 ? String(Math.round(v)) : trimZeros(v.toFixed(1));
  return text + units[unit];
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** A rate in [0, 1] as a percentage with sensible precision; "—" when undefined. */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  const pct = rate * 100;
  if (pct === 0) return "0%";
  if (pct < 0.01) return "<0.01%";
  if (pct < 1) return `${trimZeros(pct.toFixed(2))}%`;
  if (pct < 10) return `${trimZeros(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trimZeros((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
}

/** "+12%", "−5%", "0%"; "new" when the previous period had nothing to compare with. */
export function formatTrend(change: number | null): string {
  if (change === null) return "new";
  if (change === 0) return "0%";
  const pct = Math.abs(change * 100);
  const text = pct < 10 ? trimZeros(pct.toFixed(1)) : String(Math.round(pct));
  return `${change > 0 ? "+" : "−"}${text}%`;
}

/** A change of a rate, in percentage points: "+1.2 pts", "−0.3 pts", "0 pts". */
export function formatPoints(delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return "—";
  const pts = delta * 100;
  if (Math.abs(pts) < 0.05) return "0 pts";
  return `${pts > 0 ? "+" : "−"}${trimZeros(Math.abs(pts).toFixed(1))} pts`;
}

export type TrendTone = "good" | "bad" | "neutral";

/**
 * Colour of a change: more traffic is neither good nor bad ("neutral"), a
 * higher error rate is bad ("up-bad"). Small moves stay neutral.
 */
export function trendTone(change: number | null, polarity: "neutral" | "up-bad", threshold = 0.0005): TrendTone {
  if (polarity === "neutral" || change === null || Math.abs(change) < threshold) return "neutral";
  return change > 0 ? "bad" : "good";
}

/** "hourly", "6-hour", "daily": how wide one bar is, for chart captions. */
export function bucketWord(bucketMs: number): string {
  const hours = bucketMs / HOUR_MS;
  if (hours === 1) return "hourly";
  if (hours === 24) return "daily";
  return `${hours}-hour`;
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "January 1": the UTC calendar day of `t`, for "resets on …". */
export function formatMonthDay(t: number): string {
  const d = new Date(t);
  return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** Axis label for micro-dollars: "$0", "$0.05", "$12", "$1.2k". */
export function formatUsdAxis(micros: number): string {
  const usd = micros / 1_000_000;
  if (usd === 0) return "$0";
  if (Math.abs(usd) < 1) return `$${trimZeros(usd.toFixed(2))}`;
  return `$${formatCompact(usd)}`;
}

/** A share of a whole in [0, 1] as a whole percentage for bars and captions: "62%", "<1%", "140%". */
export function formatShare(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return "0%";
  if (ratio < 0.01) return "<1%";
  return `${Math.floor(ratio * 100)}%`;
}
