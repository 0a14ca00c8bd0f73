import { describe, expect, it } from "vitest";
import { bucketsFor, DAY_MS, HOUR_MS } from "./buckets";
import {
  axisTicks,
  bucketWord,
  formatBucket,
  formatCompact,
  formatLatency,
  formatPercent,
  formatPoints,
  formatTick,
  formatMonthDay,
  formatShare,
  formatTrend,
  formatUsdAxis,
  trendTone,
} from "./chart-format";

const NOW = Date.UTC(2026, 10, 22, 14, 37);

describe("axis ticks", () => {
  it("24h: every third hour, on round UTC hours", () => {
    const w = bucketsFor("24h", NOW);
    const ticks = axisTicks(w.starts, w.bucketMs);
    expect(ticks).toHaveLength(8);
    expect(ticks.every((t) => new Date(t).getUTCHours() % 3 === 0)).toBe(true);
  });

  it("7d: one tick per day, at midnight", () => {
    const w = bucketsFor("7d", NOW);
    const ticks = axisTicks(w.starts, w.bucketMs);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((t) => t % DAY_MS === 0)).toBe(true);
  });

  it("30d: no more than 8 ticks, spaced evenly", () => {
    const w = bucketsFor("30d", NOW);
    const ticks = axisTicks(w.starts, w.bucketMs);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    const gaps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]));
    expect(gaps.size).toBe(1);
  });

  it("never returns nothing for a non-empty axis", () => {
    expect(axisTicks([HOUR_MS * 7 + 1], HOUR_MS)).toEqual([HOUR_MS * 7 + 1]);
    expect(axisTicks([], HOUR_MS)).toEqual([]);
  });
});

describe("tick and tooltip labels (UTC)", () => {
  it("shows times of day for sub-day buckets, the date at midnight and for daily buckets", () => {
    expect(formatTick(Date.UTC(2026, 10, 22, 9), HOUR_MS)).toBe("09:00");
    expect(formatTick(Date.UTC(2026, 10, 22), HOUR_MS)).toBe("Nov 22");
    expect(formatTick(Date.UTC(2026, 0, 3), DAY_MS)).toBe("Jan 3");
  });

  it("names the whole bucket in tooltips", () => {
    expect(formatBucket(Date.UTC(2026, 10, 22, 14), HOUR_MS)).toBe("Nov 22, 14:00–15:00 UTC");
    expect(formatBucket(Date.UTC(2026, 10, 22, 18), 6 * HOUR_MS)).toBe("Nov 22, 18:00–24:00 UTC");
    expect(formatBucket(Date.UTC(2026, 10, 22), DAY_MS)).toBe("Nov 22 (UTC)");
  });

  it("names bucket widths for captions", () => {
    expect(bucketWord(HOUR_MS)).toBe("hourly");
    expect(bucketWord(6 * HOUR_MS)).toBe("6-hour");
    expect(bucketWord(DAY_MS)).toBe("daily");
  });
});

describe("numbers", () => {
  it("compacts large counts without printing 1000k", () => {
    expect(formatCompact(0)).toBe("0");
    expect(formatCompact(999)).toBe("999");
    expect(formatCompact(1234)).toBe("1.2k");
    expect(formatCompact(12_345)).toBe("12k");
    expect(formatCompact(999_960)).toBe("1M");
    expect(formatCompact(3_400_000)).toBe("3.4M");
  });

  it("formats rates, latencies and trends", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.00004)).toBe("<0.01%");
    expect(formatPercent(0.0042)).toBe("0.42%");
    expect(formatPercent(0.051)).toBe("5.1%");
    expect(formatPercent(0.5)).toBe("50%");
    expect(formatLatency(null)).toBe("—");
    expect(formatLatency(42.4)).toBe("42 ms");
    expect(formatLatency(1234)).toBe("1.23 s");
    expect(formatTrend(0.125)).toBe("+13%");
    expect(formatTrend(-0.05)).toBe("−5%");
    expect(formatTrend(0)).toBe("0%");
    expect(formatTrend(null)).toBe("new");
  });
});

describe("trends", () => {
  it("formats error-rate changes in points and colours them: up is bad, down is good", () => {
    expect(formatPoints(0.012)).toBe("+1.2 pts");
    expect(formatPoints(-0.003)).toBe("−0.3 pts");
    expect(formatPoints(0.0001)).toBe("0 pts");
    expect(formatPoints(null)).toBe("—");
    expect(trendTone(0.012, "up-bad")).toBe("bad");
    expect(trendTone(-0.012, "up-bad")).toBe("good");
    expect(trendTone(0.0001, "up-bad")).toBe("neutral");
    expect(trendTone(null, "up-bad")).toBe("neutral");
    expect(trendTone(3, "neutral")).toBe("neutral");
  });
});

describe("spend formatting", () => {
  it("names the UTC day a budget resets on, whatever the local zone", () => {
    expect(formatMonthDay(Date.UTC(2027, 0, 1))).toBe("January 1");
    expect(formatMonthDay(Date.UTC(2026, 11, 31, 23, 59))).toBe("December 31");
  });

  it("labels money axes in dollars from micro-dollars", () => {
    expect(formatUsdAxis(0)).toBe("$0");
    expect(formatUsdAxis(50_000)).toBe("$0.05");
    expect(formatUsdAxis(12_000_000)).toBe("$12");
    expect(formatUsdAxis(1_234_000_000)).toBe("$1.2k");
  });

  it("shows budget shares without claiming 100 % before it is reached", () => {
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(0.004)).toBe("<1%");
    expect(formatShare(0.9999)).toBe("99%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(1.4)).toBe("140%");
  });
});
