import { beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { writeUsageBatch, type UsageEventInput } from "./ingest";
import { binFor, parseHist, percentileFromHist } from "./latency";
import { keyRollups } from "./query-rows";

let teamId: string;
beforeAll(async () => {
  teamId = (await makeTeam(["owner"])).team.id;
});

const DAY = 86_400_000;
const at = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 20, h, m, s);

describe("writeUsageBatch", () => {
  it("counts verification outcomes into minute, hour and day rollups", async () => {
    const { key } = await createTestKey(teamId);
    const v = (ts: number, outcome: string): UsageEventInput => ({ keyId: key.id, teamId, ts, kind: "verify", outcome });
    writeUsageBatch([
      v(at(9, 0, 1), "VALID"),
      v(at(9, 0, 59), "VALID"),
      v(at(9, 1), "EXPIRED"),
      v(at(9, 59), "REVOKED"),
      v(at(10, 0), "RATE_LIMITED"),
    ]);
    const rows = await db.usageRollup.findMany({ where: { keyId: key.id }, orderBy: [{ granularity: "asc" }, { bucketStart: "asc" }] });
    const pick = (g: string) => rows.filter((r) => r.granularity === g).map((r) => [Number(r.bucketStart), r.verifications, r.valid, r.expired, r.revoked, r.rateLimited]);
    expect(pick("minute")).toEqual([
      [at(9, 0), 2, 2, 0, 0, 0],
      [at(9, 1), 1, 0, 1, 0, 0],
      [at(9, 59), 1, 0, 0, 1, 0],
      [at(10, 0), 1, 0, 0, 0, 1],
    ]);
    expect(pick("hour")).toEqual([
      [at(9, 0), 4, 2, 1, 1, 0],
      [at(10, 0), 1, 0, 0, 0, 1],
    ]);
    expect(pick("day")).toEqual([[at(0, 0), 5, 2, 1, 1, 1]]);
    expect(rows.every((r) => r.requests === 0 && r.latencyHist === "[]")).toBe(true);
    expect(await db.usageEvent.count({ where: { keyId: key.id, kind: "verify" } })).toBe(5);
  });

  it("adds to existing rollups across batches, merging latency histograms", async () => {
    const { key } = await createTestKey(teamId);
    const r = (latencyMs: number, status = 200): UsageEventInput => ({ keyId: key.id, teamId, ts: at(12, 0), kind: "report", status, latencyMs, inputTokens: 3, outputTokens: 7 });
    writeUsageBatch([r(10), r(20), r(400, 404)]);
    writeUsageBatch([r(1000, 500), r(10)]);
    const hour = await db.usageRollup.findUniqueOrThrow({ where: { keyId_granularity_bucketStart: { keyId: key.id, granularity: "hour", bucketStart: BigInt(at(12, 0)) } } });
    expect(hour).toMatchObject({ requests: 5, status2xx: 3, status4xx: 1, status5xx: 1, latencyCount: 5, latencySum: 1440n, inputTokens: 15n, outputTokens: 35n, verifications: 0 });
    const hist = parseHist(hour.latencyHist);
    expect(hist[binFor(10)]).toBe(2);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(5);
    expect(binFor(percentileFromHist(hist, 0.5)!)).toBe(binFor(20));
  });

  it("sets lastUsedAt to the newest event and never moves it back", async () => {
    const { key } = await createTestKey(teamId);
    const e = (ts: number): UsageEventInput => ({ keyId: key.id, teamId, ts, kind: "verify", outcome: "VALID" });
    writeUsageBatch([e(at(8, 0)), e(at(11, 30)), e(at(9, 0))]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(new Date(at(11, 30)));
    writeUsageBatch([e(at(7, 0))]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(new Date(at(11, 30)));
  });

  it("writes nothing when a row is invalid (one transaction)", async () => {
    const { key } = await createTestKey(teamId);
    const good: UsageEventInput = { keyId: key.id, teamId, ts: at(1, 0), kind: "verify", outcome: "VALID" };
    const bad = { ...good, keyId: null } as unknown as UsageEventInput;
    expect(() => writeUsageBatch([good, bad])).toThrow();
    expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(0);
    expect(await db.usageRollup.count({ where: { keyId: key.id } })).toBe(0);
  });

  it("writes a large out-of-order batch (20k events over 30 days) with exact totals", async () => {
    // Speed is measured by `npm run bench:verify` (1M events); timing asserts would be flaky on a shared CI machine.
    const { key } = await createTestKey(teamId);
    const start = Date.now() - 30 * DAY;
    const events: UsageEventInput[] = Array.from({ length: 20_000 }, (_, i) => ({
      keyId: key.id, teamId, ts: start + ((i * 7919) % 20_000) * 125_000, kind: "report", status: i % 20 === 0 ? 500 : 200, latencyMs: 50 + (i % 500), model: "m", inputTokens: 1, outputTokens: 2,
    }));
    writeUsageBatch(events);
    expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(20_000);
    for (const granularity of ["minute", "hour", "day"]) {
      const rows = await db.usageRollup.findMany({ where: { keyId: key.id, granularity } });
      expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(20_000);
      expect(rows.reduce((n, r) => n + r.status5xx, 0)).toBe(1000);
      expect(rows.reduce((n, r) => n + Number(r.outputTokens), 0)).toBe(40_000);
    }
    const newest = events.reduce((max, e) => Math.max(max, e.ts), 0);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(new Date(newest));
  });

  it("keeps daily token and latency sums exact past 2^31", async () => {
    const { key } = await createTestKey(teamId);
    const big = (m: number): UsageEventInput => ({
      keyId: key.id, teamId, ts: at(15, m), kind: "report", status: 200, latencyMs: 1_500_000_000, inputTokens: 2_000_000_000, outputTokens: 1,
    });
    writeUsageBatch([big(1), big(2), big(3)]);
    const [day] = await keyRollups(db, key.id, { granularity: "day", from: at(0, 0), to: at(0, 0) + DAY });
    expect(day.inputTokens).toBe(6_000_000_000);
    expect(day.latencySum).toBe(4_500_000_000);
  });
});
