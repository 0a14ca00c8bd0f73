import { describe, expect, it } from "vitest";
import { bucketIndex, bucketsFor, DAY_MS, HOUR_MS, rangeFromParam } from "./buckets";

const NOW = Date.UTC(2026, 10, 22, 14, 37, 12); // Sun 22 Nov 2026 14:37:12 UTC

describe("bucketsFor", () => {
  it("24h is 24 hourly buckets whose last one holds now", () => {
    const w = bucketsFor("24h", NOW);
    expect(w.granularity).toBe("hour");
    expect(w.starts).toHaveLength(24);
    expect(w.starts.at(-1)).toBe(Date.UTC(2026, 10, 22, 14));
    expect(w.from).toBe(Date.UTC(2026, 10, 21, 15));
    expect(w.to).toBe(Date.UTC(2026, 10, 22, 15));
    expect(w.previousFrom).toBe(Date.UTC(2026, 10, 20, 15));
    expect(w.previousTo).toBe(w.from);
  });

  it("7d is 28 six-hour buckets read from hour rollups, aligned to UTC midnight", () => {
    const w = bucketsFor("7d", NOW);
    expect(w.granularity).toBe("hour");
    expect(w.bucketMs).toBe(6 * HOUR_MS);
    expect(w.starts).toHaveLength(28);
    expect(w.starts.at(-1)).toBe(Date.UTC(2026, 10, 22, 12));
    expect(w.starts.every((t) => t % (6 * HOUR_MS) === 0)).toBe(true);
    expect(w.to - w.from).toBe(7 * DAY_MS);
  });

  it("compares 7d with the same elapsed stretch of the previous 7 days, not the whole of it", () => {
    const w = bucketsFor("7d", NOW);
    // 14:37 is in the 12:00–18:00 bucket; hours up to 15:00 exist, so 3 hours are cut from the previous period.
    expect(w.previousFrom).toBe(w.from - 7 * DAY_MS);
    expect(w.previousTo).toBe(w.from - 3 * HOUR_MS);
  });

  it("30d is 30 daily buckets ending with today (UTC)", () => {
    const w = bucketsFor("30d", NOW);
    expect(w.granularity).toBe("day");
    expect(w.starts).toHaveLength(30);
    expect(w.starts[0]).toBe(Date.UTC(2026, 9, 24));
    expect(w.starts.at(-1)).toBe(Date.UTC(2026, 10, 22));
    expect(w.from - w.previousFrom).toBe(30 * DAY_MS);
  });

  it("consecutive buckets are contiguous", () => {
    const w = bucketsFor("24h", NOW);
    w.starts.slice(1).forEach((t, i) => expect(t - w.starts[i]).toBe(HOUR_MS));
  });

  it("a now exactly on a boundary starts a new bucket", () => {
    const w = bucketsFor("24h", Date.UTC(2026, 10, 22, 15));
    expect(w.starts.at(-1)).toBe(Date.UTC(2026, 10, 22, 15));
  });
});

describe("bucketIndex", () => {
  const w = bucketsFor("7d", NOW);
  it("maps hour rollups into their six-hour bucket", () => {
    expect(bucketIndex(w, w.from)).toBe(0);
    expect(bucketIndex(w, w.from + 5 * HOUR_MS)).toBe(0);
    expect(bucketIndex(w, w.from + 6 * HOUR_MS)).toBe(1);
    expect(bucketIndex(w, w.to - HOUR_MS)).toBe(27);
  });
  it("is -1 outside the window", () => {
    expect(bucketIndex(w, w.from - 1)).toBe(-1);
    expect(bucketIndex(w, w.to)).toBe(-1);
  });
});

describe("rangeFromParam", () => {
  it("accepts known ranges and falls back to the default", () => {
    expect(rangeFromParam("30d")).toBe("30d");
    expect(rangeFromParam(["24h", "7d"])).toBe("24h");
    expect(rangeFromParam("1y")).toBe("7d");
    expect(rangeFromParam(undefined)).toBe("7d");
  });
});
