/**
 * Cost, cache tokens, the model dimension and spend counters through the real
 * writer, on whichever engine the suite runs (both run in `npm test`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { refuseEventsWithModel } from "../store/test-support";
import { makeTeam } from "../testing/factories";
import { writeUsageBatch, type UsageEventInput } from "./ingest";
import { parseHist } from "./latency";
import { ROLLUP_COUNT_COLUMNS, ROLLUP_SUM_COLUMNS, aggregateRollups } from "./rollup";

let teamId: string;
beforeAll(async () => {
  teamId = (await makeTeam(["owner"])).team.id;
});

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 20, h, m, s);
type Key = { id: string; teamId: string };
const report = (key: Key, ts: number, extra: Partial<UsageEventInput> = {}): UsageEventInput => ({
  keyId: key.id, teamId: key.teamId, ts, kind: "report", status: 200, latencyMs: 100, model: "claude-sonnet-5", inputTokens: 10, outputTokens: 5, ...extra,
});
const verify = (key: Key, ts: number, outcome: string, model?: string): UsageEventInput => ({ keyId: key.id, teamId: key.teamId, ts, kind: "verify", outcome, model });

async function spendOf(scope: "key" | "team", scopeId: string) {
  const rows = await db.spendCounter.findMany({ where: { scope, scopeId }, orderBy: { period: "asc" } });
  return rows.map((r) => [r.period, Number(r.spentMicros), r.teamId]);
}

/** Every stored rollup row of a key, as plain numbers, in primary-key order. */
async function storedRollups(keyId: string) {
  const rows = await db.usageRollup.findMany({ where: { keyId }, orderBy: [{ granularity: "asc" }, { bucketStart: "asc" }, { model: "asc" }] });
  return rows.map((r) => {
    const row: Record<string, unknown> = { keyId: r.keyId, teamId: r.teamId, granularity: r.granularity, bucketStart: Number(r.bucketStart), model: r.model };
    for (const c of [...ROLLUP_COUNT_COLUMNS, ...ROLLUP_SUM_COLUMNS]) row[c] = Number(r[c]);
    row.latencyHist = parseHist(r.latencyHist);
    return row;
  });
}

describe("writeUsageBatch: cost and models", () => {
  it("stores cost, cache tokens and the fallback flag on events, and the model of verifications", async () => {
    const { key } = await createTestKey(teamId);
    await writeUsageBatch([
      report(key, at(9, 0), { cacheWriteTokens: 7, cacheReadTokens: 8, costMicros: 1_234_567 }),
      report(key, at(9, 1), { model: "legacy-model", costMicros: 99, fallbackPriced: true }),
      verify(key, at(9, 2), "MODEL_NOT_ALLOWED", "claude-opus-5"),
    ]);
    const events = await db.usageEvent.findMany({ where: { keyId: key.id }, orderBy: { ts: "asc" } });
    expect(events.map((e) => [e.model, e.cacheWriteTokens, e.cacheReadTokens, Number(e.costMicros), e.fallbackPriced])).toEqual([
      ["claude-sonnet-5", 7, 8, 1_234_567, false],
      ["legacy-model", 0, 0, 99, true],
      ["claude-opus-5", 0, 0, 0, false],
    ]);
  });

  it("sums cost and cache tokens per model per bucket, under model \"\" when an event names none", async () => {
    const { key } = await createTestKey(teamId);
    await writeUsageBatch([
      report(key, at(10, 0), { cacheWriteTokens: 100, cacheReadTokens: 1000, costMicros: 500 }),
      report(key, at(10, 0, 30), { cacheWriteTokens: 1, cacheReadTokens: 2, costMicros: 25 }),
      report(key, at(10, 1), { model: "claude-haiku-4-5", costMicros: 3 }),
      report(key, at(10, 2), { model: null, costMicros: 4 }),
      verify(key, at(10, 2), "VALID"),
    ]);
    // A second batch adds to the same rows.
    await writeUsageBatch([report(key, at(10, 59), { cacheReadTokens: 10, costMicros: 1_000 })]);
    const rows = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "hour" }, orderBy: { model: "asc" } });
    expect(rows.map((r) => [r.model, r.requests, r.verifications, Number(r.cacheWriteTokens), Number(r.cacheReadTokens), Number(r.costMicros)])).toEqual([
      ["", 1, 1, 0, 0, 4],
      ["claude-haiku-4-5", 1, 0, 0, 0, 3],
      ["claude-sonnet-5", 3, 0, 101, 1012, 1_525],
    ]);
    const minutes = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "minute", model: "claude-sonnet-5" }, orderBy: { bucketStart: "asc" } });
    expect(minutes.map((r) => [Number(r.bucketStart), Number(r.costMicros)])).toEqual([[at(10, 0), 525], [at(10, 59), 1_000]]);
  });

  it("counts fallback-priced requests and every new verify outcome in its column", async () => {
    const { key } = await createTestKey(teamId);
    await writeUsageBatch([
      report(key, at(11, 0), { model: "legacy-model", fallbackPriced: true, costMicros: 10 }),
      report(key, at(11, 0), { model: "legacy-model", fallbackPriced: true, costMicros: 10 }),
      report(key, at(11, 0)),
      ...["TEAM_SUSPENDED", "IP_NOT_ALLOWED", "IP_NOT_ALLOWED", "MODEL_NOT_ALLOWED", "BUDGET_EXCEEDED", "BUDGET_EXCEEDED", "BUDGET_EXCEEDED", "RATE_LIMITED"].map((o) => verify(key, at(11, 0), o)),
    ]);
    const [day] = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "day", model: "" } });
    expect(day).toMatchObject({ verifications: 8, teamSuspended: 1, ipNotAllowed: 2, modelNotAllowed: 1, budgetExceeded: 3, rateLimited: 1, valid: 0 });
    const legacy = await db.usageRollup.findFirstOrThrow({ where: { keyId: key.id, granularity: "day", model: "legacy-model" } });
    expect(legacy).toMatchObject({ requests: 2, fallbackPriced: 2, costMicros: 20n });
    const sonnet = await db.usageRollup.findFirstOrThrow({ where: { keyId: key.id, granularity: "day", model: "claude-sonnet-5" } });
    expect(sonnet).toMatchObject({ requests: 1, fallbackPriced: 0 });
  });

  it("writes exactly the rows aggregateRollups computes, column for column, so both engines agree", async () => {
    const { key } = await createTestKey(teamId);
    const models = ["claude-sonnet-5", "claude-haiku-4-5", "legacy-model", null];
    const outcomes = ["VALID", "EXPIRED", "REVOKED", "TEAM_SUSPENDED", "IP_NOT_ALLOWED", "MODEL_NOT_ALLOWED", "BUDGET_EXCEEDED", "RATE_LIMITED"];
    const events: UsageEventInput[] = Array.from({ length: 600 }, (_, i) => {
      const ts = at(0, 0) + ((i * 7919) % 600) * 173_000;
      const model = models[i % models.length];
      if (i % 3 === 0) return verify(key, ts, outcomes[i % outcomes.length], model ?? undefined);
      return report(key, ts, {
        model, status: [200, 201, 404, 500, 529][i % 5], latencyMs: i % 7 === 0 ? null : (i * 37) % 5000,
        inputTokens: i * 11, outputTokens: i * 3, cacheWriteTokens: i % 4, cacheReadTokens: i * 2, costMicros: i * 101, fallbackPriced: model === "legacy-model",
      });
    });
    // Two batches: the database's merge of the second into the first must equal one pass over all events.
    await writeUsageBatch(events.slice(0, 250));
    await writeUsageBatch(events.slice(250));
    const expected = aggregateRollups(events)
      .map((r) => ({ ...r, latencyHist: r.latencyHist ?? [] }))
      .sort((a, b) => a.granularity.localeCompare(b.granularity) || a.bucketStart - b.bucketStart || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
    const stored = await storedRollups(key.id);
    expect(stored).toHaveLength(expected.length);
    expect(stored).toEqual(expected);
    // A fixed figure both engines must reach, not only agree with the same code.
    const days = stored.filter((r) => r.granularity === "day");
    expect(days.reduce((n, r) => n + (r.costMicros as number), 0)).toBe(events.reduce((n, e) => n + (e.costMicros ?? 0), 0));
    expect(days.reduce((n, r) => n + (r.costMicros as number), 0)).toBe(12_120_000);
  });
});

describe("writeUsageBatch: spend counters", () => {
  it("adds each batch's cost per key and per team in its UTC month; the last millisecond of a month stays in it", async () => {
    const team = (await makeTeam(["owner"])).team.id;
    const a = (await createTestKey(team)).key;
    const b = (await createTestKey(team)).key;
    const lastInstant = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
    const firstInstant = Date.UTC(2026, 11, 1, 0, 0, 0, 0);
    await writeUsageBatch([
      report(a, lastInstant, { costMicros: 400 }),
      report(a, firstInstant, { costMicros: 30 }),
      report(b, firstInstant, { costMicros: 2 }),
      report(b, firstInstant, { costMicros: 0 }),
      verify(a, firstInstant, "VALID"),
    ]);
    await writeUsageBatch([report(a, firstInstant + 1, { costMicros: 5 }), report(b, lastInstant - 86_400_000, { costMicros: 1 })]);
    expect(await spendOf("key", a.id)).toEqual([["2026-11", 400, team], ["2026-12", 35, team]]);
    expect(await spendOf("key", b.id)).toEqual([["2026-11", 1, team], ["2026-12", 2, team]]);
    expect(await spendOf("team", team)).toEqual([["2026-11", 401, team], ["2026-12", 37, team]]);
  });

  it("writes no counter for a batch without cost", async () => {
    const team = (await makeTeam(["owner"])).team.id;
    const { key } = await createTestKey(team);
    await writeUsageBatch([report(key, at(1, 0)), verify(key, at(1, 0), "VALID")]);
    expect(await db.spendCounter.count({ where: { teamId: team } })).toBe(0);
  });

  it("counts only the events written: orphans and rows the database refuses add no spend", async () => {
    const team = (await makeTeam(["owner"])).team.id;
    const { key } = await createTestKey(team);
    const gone = (await createTestKey(team)).key;
    await db.apiKey.delete({ where: { id: gone.id } });
    const allow = await refuseEventsWithModel("poison");
    try {
      const result = await writeUsageBatch([
        report(key, at(2, 0), { costMicros: 10 }),
        report(key, at(2, 0), { model: "poison", costMicros: 1_000 }),
        report(gone, at(2, 0), { costMicros: 100_000 }),
        report(key, at(2, 1), { costMicros: 20 }),
      ]);
      expect(result).toEqual({ written: 2, orphaned: 1, invalid: 1 });
    } finally {
      await allow();
    }
    expect(await spendOf("key", key.id)).toEqual([["2026-11", 30, team]]);
    expect(await spendOf("key", gone.id)).toEqual([]);
    expect(await spendOf("team", team)).toEqual([["2026-11", 30, team]]);
    const [day] = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "day" } });
    expect(Number(day.costMicros)).toBe(30);
  });
});
