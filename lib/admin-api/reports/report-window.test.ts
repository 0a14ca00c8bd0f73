import { describe, expect, it } from "vitest";
import { decodePage, encodePage, reportWindow } from "./report-window";

const D = Date.UTC(2026, 10, 20);
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

describe("reportWindow", () => {
  it("snaps starting_at down to its bucket and stops before ending_at", () => {
    const w = reportWindow({ startingAt: D + 10 * H + 15 * 60_000, endingAt: D + 12 * H + 1, width: "1h", now: D + 100 * H });
    expect(w.starts.map(iso)).toEqual([iso(D + 10 * H), iso(D + 11 * H), iso(D + 12 * H)]);
    expect(w.nextPage).toBeNull();
    expect(w.granularity).toBe("hour");
  });

  it("defaults to the bucket holding now as the last one", () => {
    const w = reportWindow({ startingAt: D, width: "1d", now: D + 2 * 24 * H + 5 });
    expect(w.starts).toEqual([D, D + 24 * H, D + 48 * H]);
  });

  it("has no buckets for a start after now without an end", () => {
    expect(reportWindow({ startingAt: D + 2 * 24 * H, width: "1h", now: D }).starts).toEqual([]);
  });

  it("pages by limit (default per width) and resumes from next_page", () => {
    const first = reportWindow({ startingAt: D, endingAt: D + 3 * H, width: "1m", now: D });
    expect(first.starts).toHaveLength(60);
    expect(first.nextPage).toBe(encodePage(D + H));
    const second = reportWindow({ startingAt: D, endingAt: D + 3 * H, width: "1m", limit: 120, page: first.nextPage!, now: D });
    expect(second.starts[0]).toBe(D + H);
    expect(second.starts).toHaveLength(120);
    expect(second.nextPage).toBeNull();
  });

  it("refuses too many buckets, an end before the start, and a cursor from elsewhere", () => {
    expect(() => reportWindow({ startingAt: D, width: "1m", limit: 1441, now: D })).toThrow(/1440/);
    expect(() => reportWindow({ startingAt: D, width: "1h", limit: 169, now: D })).toThrow(/168/);
    expect(() => reportWindow({ startingAt: D, width: "1d", limit: 32, now: D })).toThrow(/31/);
    expect(() => reportWindow({ startingAt: D, endingAt: D, width: "1d", now: D })).toThrow(/after starting_at/);
    for (const page of ["nope", encodePage(D - 24 * H), encodePage(D + 90 * 24 * H), encodePage(D + 1000), "page_" + Buffer.from("2026-11-20").toString("base64url")]) {
      expect(() => reportWindow({ startingAt: D, endingAt: D + 30 * 24 * H, width: "1d", page, now: D })).toThrow(/page/);
    }
  });

  it("round-trips its cursor as base64url of the bucket start", () => {
    expect(Buffer.from(encodePage(D).slice(5), "base64url").toString()).toBe("2026-11-20T00:00:00.000Z");
    expect(decodePage(encodePage(D + H))).toBe(D + H);
  });
});
