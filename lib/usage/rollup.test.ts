import { describe, expect, it } from "vitest";
import { binFor } from "./latency";
import { aggregateRollups, bucketStart, statusClass, type RollupEvent } from "./rollup";

const t = Date.UTC(2026, 10, 22, 23, 59, 59, 999);

describe("bucketStart", () => {
  it("floors to the start of the UTC minute, hour and day", () => {
    expect(bucketStart(t, "minute")).toBe(Date.UTC(2026, 10, 22, 23, 59));
    expect(bucketStart(t, "hour")).toBe(Date.UTC(2026, 10, 22, 23));
    expect(bucketStart(t, "day")).toBe(Date.UTC(2026, 10, 22));
    expect(bucketStart(t + 1, "day")).toBe(Date.UTC(2026, 10, 23));
  });
});

describe("statusClass", () => {
  it("names the class of an HTTP status", () => {
    expect([200, 204, 404, 429, 500, 529].map(statusClass)).toEqual(["2xx", "2xx", "4xx", "4xx", "5xx", "5xx"]);
  });
});

describe("aggregateRollups", () => {
  const base = { keyId: "k1", teamId: "t1" };
  const events: RollupEvent[] = [
    { ...base, ts: t, kind: "verify", outcome: "VALID" },
    { ...base, ts: t, kind: "verify", outcome: "REVOKED" },
    { ...base, ts: t, kind: "report", status: 200, latencyMs: 120.4, inputTokens: 5, outputTokens: 7 },
    { ...base, ts: t, kind: "report", status: 503, latencyMs: null },
    { ...base, ts: t + 1, kind: "report", status: 404, latencyMs: 3 },
    { keyId: "k2", teamId: "t1", ts: t, kind: "verify", outcome: "EXPIRED" },
  ];
  const rows = aggregateRollups(events);
  const find = (keyId: string, granularity: string, start: number) =>
    rows.find((r) => r.keyId === keyId && r.granularity === granularity && r.bucketStart === start);

  it("makes one row per key, granularity and bucket", () => {
    // k1: two minutes, two hours, two days (t+1 is the next day); k2: one of each.
    expect(rows).toHaveLength(6 + 3);
  });

  it("counts verifications and reports into their own columns", () => {
    const minute = find("k1", "minute", bucketStart(t, "minute"))!;
    expect(minute).toMatchObject({ verifications: 2, valid: 1, revoked: 1, requests: 2, status2xx: 1, status5xx: 1, inputTokens: 5, outputTokens: 7 });
    // Only events with a latency enter the latency columns; latencies are whole milliseconds.
    expect(minute).toMatchObject({ latencyCount: 1, latencySum: 120 });
    expect(minute.latencyHist![binFor(120)]).toBe(1);
    expect(find("k2", "day", bucketStart(t, "day"))).toMatchObject({ verifications: 1, expired: 1, latencyHist: null });
    expect(find("k1", "day", bucketStart(t + 1, "day"))).toMatchObject({ requests: 1, status4xx: 1, latencyCount: 1 });
  });
});
