import { describe, expect, it } from "vitest";
import {
  LATENCY_BIN_COUNT,
  LATENCY_BIN_EDGES,
  binFor,
  binWidthAt,
  emptyHist,
  mergeHists,
  parseHist,
  percentileFromHist,
} from "./latency";

function histOf(values: number[]): number[] {
  const hist = emptyHist();
  for (const v of values) hist[binFor(v)]++;
  return hist;
}

function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

describe("binFor", () => {
  it("puts every latency inside its bin's edges", () => {
    for (const ms of [0, 0.5, 1, 1.5, 2, 3, 10, 99.9, 100, 250, 1000, 1234, 5000, 59_999, 60_000, 3_600_000]) {
      const bin = binFor(ms);
      expect(ms).toBeGreaterThanOrEqual(LATENCY_BIN_EDGES[bin]);
      if (bin < LATENCY_BIN_COUNT - 1) expect(ms).toBeLessThan(LATENCY_BIN_EDGES[bin + 1]);
    }
  });

  it("is exact at every edge", () => {
    LATENCY_BIN_EDGES.forEach((edge, i) => expect(binFor(edge)).toBe(i));
  });

  it("treats negative and NaN as the first bin and huge values as the last", () => {
    expect(binFor(-5)).toBe(0);
    expect(binFor(Number.NaN)).toBe(0);
    expect(binFor(1e9)).toBe(LATENCY_BIN_COUNT - 1);
  });

  it("has about 40 monotonically increasing bins up to 60 s", () => {
    expect(LATENCY_BIN_COUNT).toBe(40);
    expect(LATENCY_BIN_EDGES.at(-1)).toBe(60_000);
    for (let i = 1; i < LATENCY_BIN_EDGES.length; i++) expect(LATENCY_BIN_EDGES[i]).toBeGreaterThan(LATENCY_BIN_EDGES[i - 1]);
  });
});

describe("mergeHists", () => {
  it("adds counts element-wise and tolerates empty histograms", () => {
    expect(mergeHists([1, 2, 3], [4, 5, 6])).toEqual([5, 7, 9]);
    expect(mergeHists([], [1, 2])).toEqual([1, 2]);
    expect(mergeHists([1, 2, 3], [1])).toEqual([2, 2, 3]);
  });

  it("gives the same percentiles as one histogram over all values", () => {
    const a = [5, 10, 20, 40, 80];
    const b = [100, 200, 400, 800, 1600, 3200];
    const merged = mergeHists(histOf(a), histOf(b));
    expect(merged).toEqual(histOf([...a, ...b]));
  });
});

describe("percentileFromHist", () => {
  it("returns null for an empty histogram", () => {
    expect(percentileFromHist([], 0.5)).toBeNull();
    expect(percentileFromHist(emptyHist(), 0.99)).toBeNull();
  });

  it("rejects percentiles outside 0..1 (p95 is 0.95, not 95)", () => {
    expect(() => percentileFromHist(histOf([1]), 95)).toThrow(RangeError);
  });

  it("is accurate within the bin width on a log-normal sample", () => {
    // Deterministic pseudo-random log-normal latencies around 300 ms.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 20_000 }, () => {
      const gaussian = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
      return Math.exp(Math.log(300) + 0.8 * gaussian);
    });
    const hist = histOf(values);
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const exact = exactPercentile(values, p);
      const estimate = percentileFromHist(hist, p)!;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(binWidthAt(exact));
    }
  });

  it("reads a single value back inside its bin", () => {
    const estimate = percentileFromHist(histOf([250, 250, 250]), 0.5)!;
    expect(binFor(estimate)).toBe(binFor(250));
  });

  it("caps latencies beyond 60 s at 60 s", () => {
    expect(percentileFromHist(histOf([120_000]), 0.99)).toBe(60_000);
  });
});

describe("parseHist", () => {
  it("reads stored JSON and ignores garbage", () => {
    expect(parseHist("[1,0,2]")).toEqual([1, 0, 2]);
    expect(parseHist("[]")).toEqual([]);
    expect(parseHist("not json")).toEqual([]);
    expect(parseHist(null)).toEqual([]);
  });
});
