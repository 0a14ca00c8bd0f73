import { describe, expect, it } from "vitest";
import { bucketsFor, HOUR_MS } from "./buckets";
import { binFor, emptyHist } from "./latency";
import { deniedOf, envSeries, hasTraffic, rollupRow, seriesFrom, topBy, totalsOf, trendOf, type RollupRow } from "./series";

const NOW = Date.UTC(2026, 10, 22, 14, 37);

function row(bucketStart: number, counts: Partial<RollupRow> = {}): RollupRow {
  return rollupRow({ keyId: "k1", bucketStart, ...counts });
}

function histOf(latencies: number[]): number[] {
  const h = emptyHist();
  for (const ms of latencies) h[binFor(ms)]++;
  return h;
}

describe("seriesFrom", () => {
  it("fills every bucket, zeros where there was no traffic", () => {
    const w = bucketsFor("24h", NOW);
    const series = seriesFrom(w, [row(w.starts[3], { verifications: 5, valid: 5 })]);
    expect(series).toHaveLength(24);
    expect(series.map((p) => p.t)).toEqual(w.starts);
    expect(series[3].valid).toBe(5);
    expect(series.filter((p) => p.verifications === 0)).toHaveLength(23);
  });

  it("sums hour rollups into six-hour buckets and splits outcomes and status classes", () => {
    const w = bucketsFor("7d", NOW);
    const start = w.starts[10];
    const series = seriesFrom(w, [
      row(start, { verifications: 10, valid: 7, expired: 1, revoked: 1, rateLimited: 1, requests: 7, status2xx: 5, status4xx: 1, status5xx: 1, inputTokens: 100, outputTokens: 40 }),
      row(start + 5 * HOUR_MS, { verifications: 3, valid: 3, requests: 3, status2xx: 3, inputTokens: 10, outputTokens: 4 }),
    ]);
    expect(series[10]).toMatchObject({ verifications: 13, valid: 10, denied: 3, requests: 10, s2xx: 8, s4xx: 1, s5xx: 1, inputTokens: 110, outputTokens: 44 });
    expect(series[11].verifications).toBe(0);
  });

  it("sums the models of one bucket instead of keeping one row or the last", () => {
    const w = bucketsFor("24h", NOW);
    const at = w.starts[5];
    const series = seriesFrom(w, [
      row(at, { model: "claude-sonnet-5", requests: 3, status2xx: 3, inputTokens: 100, cacheReadTokens: 7, costMicros: 1_500 }),
      row(at, { model: "claude-haiku-4-5", requests: 2, status2xx: 2, inputTokens: 50, cacheWriteTokens: 4, costMicros: 250 }),
      row(at, { model: "", verifications: 4, valid: 4 }),
    ]);
    expect(series[5]).toMatchObject({ requests: 5, s2xx: 5, inputTokens: 150, cacheReadTokens: 7, cacheWriteTokens: 4, costMicros: 1_750, verifications: 4, valid: 4 });
    const t = totalsOf([
      row(at, { model: "a", requests: 1, costMicros: 10, fallbackPriced: 1 }),
      row(at, { model: "b", requests: 1, costMicros: 20, fallbackPriced: 1 }),
    ]);
    expect(t).toMatchObject({ requests: 2, costMicros: 30, fallbackPriced: 2 });
  });

  it("counts every refusal code as denied, and each under its own name", () => {
    const r = row(0, {
      verifications: 9, valid: 1, expired: 1, revoked: 1, rateLimited: 1, teamSuspended: 1, ipNotAllowed: 1, modelNotAllowed: 2, budgetExceeded: 1,
    });
    expect(deniedOf(r)).toBe(8);
    const t = totalsOf([r]);
    expect(t).toMatchObject({ denied: 8, modelNotAllowed: 2, budgetExceeded: 1, ipNotAllowed: 1, teamSuspended: 1 });
    expect(t.denialRate).toBeCloseTo(8 / 9);
  });

  it("ignores rollups outside the window (the previous period)", () => {
    const w = bucketsFor("24h", NOW);
    const series = seriesFrom(w, [row(w.from - HOUR_MS, { requests: 99 }), row(w.to, { requests: 99 })]);
    expect(series.reduce((n, p) => n + p.requests, 0)).toBe(0);
  });
});

describe("totalsOf", () => {
  it("computes error rate over reported requests and denial rate over verifications", () => {
    const t = totalsOf([
      row(0, { verifications: 200, valid: 190, revoked: 6, rateLimited: 4, requests: 100, status2xx: 90, status4xx: 6, status5xx: 4 }),
    ]);
    expect(t.denied).toBe(10);
    expect(t.errorRate).toBeCloseTo(0.1);
    expect(t.denialRate).toBeCloseTo(0.05);
  });

  it("has no rates, and no latency, when nothing was reported", () => {
    const t = totalsOf([]);
    expect(t.errorRate).toBeNull();
    expect(t.denialRate).toBeNull();
    expect(t.latency).toBeNull();
  });

  it("takes p50/p95 from histograms merged across rows, not from averaging", () => {
    // 90 fast requests in one bucket, 10 slow ones in another: p95 must land among the slow ones.
    const fast = Array.from({ length: 90 }, () => 20);
    const slow = Array.from({ length: 10 }, () => 2000);
    const t = totalsOf([
      row(0, { requests: 90, latencyCount: 90, latencySum: 1800, latencyHist: histOf(fast) }),
      row(HOUR_MS, { requests: 10, latencyCount: 10, latencySum: 20000, latencyHist: histOf(slow) }),
    ]);
    expect(t.latency!.count).toBe(100);
    expect(t.latency!.avg).toBeCloseTo(218);
    expect(t.latency!.p50).toBeGreaterThan(20 * 0.8);
    expect(t.latency!.p50).toBeLessThan(20 * 1.2);
    expect(t.latency!.p95).toBeGreaterThan(2000 * 0.8);
    expect(t.latency!.p95).toBeLessThan(2000 * 1.2);
  });
});

describe("trendOf", () => {
  it("is the relative change, 0 for nothing to nothing, null for something from nothing", () => {
    expect(trendOf(150, 100)).toBeCloseTo(0.5);
    expect(trendOf(50, 100)).toBeCloseTo(-0.5);
    expect(trendOf(0, 0)).toBe(0);
    expect(trendOf(5, 0)).toBeNull();
  });
});

describe("envSeries", () => {
  it("pivots per-environment series into one row per bucket", () => {
    const w = bucketsFor("24h", NOW);
    const prod = seriesFrom(w, [row(w.starts[0], { requests: 4, verifications: 5 })]);
    const dev = seriesFrom(w, [row(w.starts[0], { requests: 1 }), row(w.starts[1], { requests: 2 })]);
    const rows = envSeries({ production: prod, development: dev }, "requests");
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({ t: w.starts[0], production: 4, development: 1 });
    expect(rows[1]).toEqual({ t: w.starts[1], production: 0, development: 2 });
    expect(envSeries({ production: prod, development: dev }, "verifications")[0].production).toBe(5);
    const costly = seriesFrom(w, [row(w.starts[2], { costMicros: 42 })]);
    expect(envSeries({ production: costly, development: dev }, "costMicros")[2]).toEqual({ t: w.starts[2], production: 42, development: 0 });
    expect(hasTraffic(prod)).toBe(true);
    expect(hasTraffic(seriesFrom(w, []))).toBe(false);
  });
});

describe("topBy", () => {
  it("keeps the busiest items with any traffic, largest first, ties in input order", () => {
    const keys = [
      { name: "a", n: 5 }, { name: "b", n: 0 }, { name: "c", n: 9 }, { name: "d", n: 5 },
      { name: "e", n: 1 }, { name: "f", n: 2 }, { name: "g", n: 3 },
    ];
    expect(topBy(keys, (k) => k.n).map((k) => k.name)).toEqual(["c", "a", "d", "g", "f"]);
    expect(topBy(keys, (k) => k.n, 2).map((k) => k.name)).toEqual(["c", "a"]);
    expect(topBy(keys, () => 0)).toEqual([]);
  });
});
