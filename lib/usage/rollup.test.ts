import { describe, expect, it } from "vitest";
import { binFor } from "./latency";
import { VERIFY_OUTCOMES, OUTCOME_COLUMNS } from "../verify/codes";
import { aggregateRollups, aggregateSpend, bucketStart, statusClass, type RollupEvent } from "./rollup";

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

  it("makes one row per key, model, granularity and bucket", () => {
    // k1: two minutes, two hours, two days (t+1 is the next day); k2: one of each; none names a model.
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
    expect(rows.every((r) => r.model === "")).toBe(true);
  });
});

describe("aggregateRollups by model, with cost and cache tokens", () => {
  const base = { keyId: "k1", teamId: "t1", ts: t, kind: "report" as const, status: 200 };
  const rows = aggregateRollups([
    { ...base, model: "claude-sonnet-5", inputTokens: 10, outputTokens: 20, cacheWriteTokens: 30, cacheReadTokens: 40, costMicros: 1_000 },
    { ...base, model: "claude-sonnet-5", inputTokens: 1, outputTokens: 2, cacheWriteTokens: 3, cacheReadTokens: 4, costMicros: 234 },
    { ...base, model: "claude-haiku-4-5", inputTokens: 5, costMicros: 7 },
    { ...base, model: "legacy-model", inputTokens: 5, costMicros: 900, fallbackPriced: true },
    { ...base, model: "legacy-model", status: 500, costMicros: 0, fallbackPriced: true },
    { ...base, kind: "verify", model: "claude-sonnet-5", outcome: "VALID" },
    { ...base, kind: "verify", outcome: "VALID" },
  ]);
  const minute = (model: string) => rows.find((r) => r.granularity === "minute" && r.model === model);

  it("sums tokens, cache tokens and cost per model in each bucket", () => {
    expect(minute("claude-sonnet-5")).toMatchObject({ requests: 2, verifications: 1, valid: 1, inputTokens: 11, outputTokens: 22, cacheWriteTokens: 33, cacheReadTokens: 44, costMicros: 1_234, fallbackPriced: 0 });
    expect(minute("claude-haiku-4-5")).toMatchObject({ requests: 1, inputTokens: 5, costMicros: 7 });
    expect(rows.filter((r) => r.granularity === "day").map((r) => r.model).sort()).toEqual(["", "claude-haiku-4-5", "claude-sonnet-5", "legacy-model"]);
  });

  it("counts reported requests priced by the fallback", () => {
    expect(minute("legacy-model")).toMatchObject({ requests: 2, fallbackPriced: 2, costMicros: 900, status5xx: 1 });
  });

  it("puts verifications naming no model under the model \"\"", () => {
    expect(minute("")).toMatchObject({ verifications: 1, valid: 1, requests: 0, costMicros: 0 });
  });

  it("never counts cost or tokens on a verification", () => {
    const [row] = aggregateRollups([{ keyId: "k", teamId: "t", ts: t, kind: "verify", outcome: "VALID", costMicros: 5, inputTokens: 5, fallbackPriced: true }]);
    expect(row).toMatchObject({ verifications: 1, costMicros: 0, inputTokens: 0, fallbackPriced: 0 });
  });
});

describe("aggregateRollups outcome columns", () => {
  it("counts every verify outcome in its own column, named in lib/verify/codes.ts", () => {
    const events: RollupEvent[] = VERIFY_OUTCOMES.flatMap((outcome, i) =>
      Array.from({ length: i + 1 }, () => ({ keyId: "k", teamId: "t", ts: t, kind: "verify" as const, outcome })),
    );
    const minute = aggregateRollups(events).find((r) => r.granularity === "minute")!;
    VERIFY_OUTCOMES.forEach((outcome, i) => expect(minute[OUTCOME_COLUMNS[outcome]], outcome).toBe(i + 1));
    expect(minute).toMatchObject({ teamSuspended: 4, ipNotAllowed: 5, modelNotAllowed: 6, budgetExceeded: 7 });
    expect(minute.verifications).toBe(events.length);
  });
});

describe("aggregateSpend", () => {
  const lastInstant = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
  const firstInstant = Date.UTC(2026, 11, 1);
  const r = (keyId: string, teamId: string, ts: number, costMicros: number): RollupEvent => ({ keyId, teamId, ts, kind: "report", status: 200, costMicros });

  it("adds cost per key and per team in each UTC month, the last millisecond of a month in that month", () => {
    const rows = aggregateSpend([
      r("k1", "t1", lastInstant, 100),
      r("k1", "t1", firstInstant, 10),
      r("k2", "t1", firstInstant + 5, 1),
      r("k1", "t1", lastInstant - 1000, 5),
      r("k3", "t2", firstInstant, 7),
    ]);
    expect(rows).toEqual([
      { scope: "key", scopeId: "k1", period: "2026-11", teamId: "t1", spentMicros: 105 },
      { scope: "key", scopeId: "k1", period: "2026-12", teamId: "t1", spentMicros: 10 },
      { scope: "key", scopeId: "k2", period: "2026-12", teamId: "t1", spentMicros: 1 },
      { scope: "key", scopeId: "k3", period: "2026-12", teamId: "t2", spentMicros: 7 },
      { scope: "team", scopeId: "t1", period: "2026-11", teamId: "t1", spentMicros: 105 },
      { scope: "team", scopeId: "t1", period: "2026-12", teamId: "t1", spentMicros: 11 },
      { scope: "team", scopeId: "t2", period: "2026-12", teamId: "t2", spentMicros: 7 },
    ]);
  });

  it("ignores events without cost and verifications", () => {
    expect(aggregateSpend([r("k", "t", t, 0), { keyId: "k", teamId: "t", ts: t, kind: "report", status: 200 }, { keyId: "k", teamId: "t", ts: t, kind: "verify", outcome: "VALID" }])).toEqual([]);
  });
});
