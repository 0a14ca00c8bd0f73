import { beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { refuseEventsWithModel } from "../store/test-support";
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
    await writeUsageBatch([
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
    await writeUsageBatch([r(10), r(20), r(400, 404)]);
    await writeUsageBatch([r(1000, 500), r(10)]);
    const hour = await db.usageRollup.findUniqueOrThrow({ where: { keyId_granularity_bucketStart_model: { keyId: key.id, granularity: "hour", bucketStart: BigInt(at(12, 0)), model: "" } } });
    expect(hour).toMatchObject({ requests: 5, status2xx: 3, status4xx: 1, status5xx: 1, latencyCount: 5, latencySum: 1440n, inputTokens: 15n, outputTokens: 35n, verifications: 0 });
    const hist = parseHist(hour.latencyHist);
    expect(hist[binFor(10)]).toBe(2);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(5);
    expect(binFor(percentileFromHist(hist, 0.5)!)).toBe(binFor(20));
  });

  it("sets lastUsedAt to the newest event and never moves it back", async () => {
    const { key } = await createTestKey(teamId);
    const e = (ts: number): UsageEventInput => ({ keyId: key.id, teamId, ts, kind: "verify", outcome: "VALID" });
    await writeUsageBatch([e(at(8, 0)), e(at(11, 30)), e(at(9, 0))]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(new Date(at(11, 30)));
    await writeUsageBatch([e(at(7, 0))]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(new Date(at(11, 30)));
  });

  it("discards a malformed event on its own and writes the rest of the batch", async () => {
    const { key } = await createTestKey(teamId);
    const good = (m: number): UsageEventInput => ({ keyId: key.id, teamId, ts: at(1, m), kind: "report", status: 200, latencyMs: 5 });
    const malformed = [
      { ...good(0), keyId: null },
      { ...good(0), status: 42 },
      { ...good(0), inputTokens: 1_000_000_001 },
      { ...good(0), ts: Number.NaN },
      { ...good(0), kind: "other" },
    ] as unknown as UsageEventInput[];
    expect(await writeUsageBatch([good(1), ...malformed, good(2)])).toEqual({ written: 2, orphaned: 0, invalid: malformed.length });
    expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(2);
    const [day] = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "day" } });
    expect(day.requests).toBe(2);
  });

  it("discards events whose key or team was deleted while they waited, and writes every other team's", async () => {
    const gone = await makeTeam(["owner"]);
    const goneKey = (await createTestKey(gone.team.id)).key;
    const deletedKey = (await createTestKey(teamId)).key;
    const { key } = await createTestKey(teamId);
    await db.$transaction([db.apiKey.delete({ where: { id: deletedKey.id } }), db.team.delete({ where: { id: gone.team.id } })]);

    const v = (keyId: string, team: string): UsageEventInput => ({ keyId, teamId: team, ts: at(2, 0), kind: "verify", outcome: "VALID" });
    const result = await writeUsageBatch([v(goneKey.id, gone.team.id), v(key.id, teamId), v(deletedKey.id, teamId), v(key.id, teamId), v(key.id, gone.team.id)]);
    expect(result).toEqual({ written: 2, orphaned: 3, invalid: 0 });
    expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(2);
    expect(await db.usageEvent.count({ where: { keyId: { in: [goneKey.id, deletedKey.id] } } })).toBe(0);
    expect(await db.usageRollup.count({ where: { keyId: { in: [goneKey.id, deletedKey.id] } } })).toBe(0);
    expect(await db.usageEvent.count({ where: { teamId: gone.team.id } })).toBe(0);
  });

  it("retries a batch that the database refuses one event at a time, so only the refused event is lost", async () => {
    const { key } = await createTestKey(teamId);
    const other = (await createTestKey((await makeTeam(["owner"])).team.id)).key;
    const r = (k: { id: string; teamId: string }, model: string): UsageEventInput => ({ keyId: k.id, teamId: k.teamId, ts: at(3, 0), kind: "report", status: 200, latencyMs: 9, model });
    // A row that passes every check in code but that the database refuses.
    const allow = await refuseEventsWithModel("poison");
    try {
      const result = await writeUsageBatch([r(key, "a"), r(other, "b"), r(key, "poison"), r(other, "c")]);
      expect(result).toEqual({ written: 3, orphaned: 0, invalid: 1 });
    } finally {
      await allow();
    }
    expect((await db.usageEvent.findMany({ where: { keyId: { in: [key.id, other.id] } } })).map((e) => e.model).sort()).toEqual(["a", "b", "c"]);
    const days = await db.usageRollup.findMany({ where: { keyId: { in: [key.id, other.id] }, granularity: "day" } });
    expect(days.reduce((n, d) => n + d.requests, 0)).toBe(3);
  });

  it("never moves lastUsedAt past the time of writing, whatever time an event claims", async () => {
    const { key } = await createTestKey(teamId);
    const before = Date.now();
    await writeUsageBatch([{ keyId: key.id, teamId, ts: before + 3_600_000, kind: "verify", outcome: "VALID" }]);
    const lastUsedAt = (await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt!.getTime();
    expect(lastUsedAt).toBeGreaterThanOrEqual(before);
    expect(lastUsedAt).toBeLessThanOrEqual(Date.now());
  });

  it("writes a large out-of-order batch (20k events over 30 days) with exact totals", async () => {
    // Speed is measured by `npm run bench:verify` (1M events); timing asserts would be flaky on a shared CI machine.
    const { key } = await createTestKey(teamId);
    const start = Date.now() - 30 * DAY;
    const events: UsageEventInput[] = Array.from({ length: 20_000 }, (_, i) => ({
      keyId: key.id, teamId, ts: start + ((i * 7919) % 20_000) * 125_000, kind: "report", status: i % 20 === 0 ? 500 : 200, latencyMs: 50 + (i % 500), model: "m", inputTokens: 1, outputTokens: 2,
    }));
    await writeUsageBatch(events);
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
    // The largest values one event may carry (1e9 tokens, one hour of latency), many times over.
    const big = (i: number): UsageEventInput => ({
      keyId: key.id, teamId, ts: at(15, 0, i % 60), kind: "report", status: 200, latencyMs: 3_600_000, inputTokens: 1_000_000_000, outputTokens: 1,
    });
    expect((await writeUsageBatch(Array.from({ length: 600 }, (_, i) => big(i)))).written).toBe(600);
    const [day] = await keyRollups(db, key.id, { granularity: "day", from: at(0, 0), to: at(0, 0) + DAY });
    expect(day.inputTokens).toBe(600_000_000_000);
    expect(day.latencySum).toBe(2_160_000_000);
  });
});
