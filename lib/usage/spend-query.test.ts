/**
 * Spend on the team dashboard and the key page, through the real writer and
 * database (both engines): month to date against the range, by model, key
 * and environment, budgets and the operator's cap, UTC month boundaries.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { HOUR_MS } from "./buckets";
import { writeUsageBatch, type UsageEventInput } from "./ingest";
import { getKeyUsage, getTeamUsage } from "./query";

// Two days into December: a 7-day range reaches back into November.
const NOW = Date.UTC(2026, 11, 2, 10, 30);
const DEC_1 = Date.UTC(2026, 11, 1);
type Key = { id: string; teamId: string };

const report = (key: Key, ts: number, model: string | null, costMicros: number, extra: Partial<UsageEventInput> = {}): UsageEventInput => ({
  keyId: key.id, teamId: key.teamId, ts, kind: "report", status: 200, latencyMs: 50, model, inputTokens: 100, outputTokens: 10, costMicros, ...extra,
});

describe("spend", () => {
  let ctx: Awaited<ReturnType<typeof makeTeam>>;
  let prod: Key;
  let dev: Key;

  beforeAll(async () => {
    ctx = await makeTeam();
    prod = (await createTestKey(ctx.team.id, { name: "Prod", environment: "production" })).key;
    dev = (await createTestKey(ctx.team.id, { name: "Dev", environment: "development" })).key;
    await db.apiKey.update({ where: { id: prod.id }, data: { budgetMicros: 5_000_000n } });
    await db.team.update({ where: { id: ctx.team.id }, data: { budgetMicros: 20_000_000n, spendCapMicros: 50_000_000n } });
    await writeUsageBatch([
      // The last instant of November: in the range, not in December's spend.
      report(prod, DEC_1 - 1, "claude-sonnet-5", 3_000_000),
      // The first instant of December, two models in the same minute, and a model the catalogue lacks.
      report(prod, DEC_1, "claude-sonnet-5", 1_000_000, { cacheReadTokens: 500, cacheWriteTokens: 40 }),
      report(prod, DEC_1, "claude-haiku-4-5", 250_000),
      report(prod, DEC_1 + 5 * HOUR_MS, "house-model-x", 700_000, { fallbackPriced: true }),
      report(dev, NOW - HOUR_MS, "claude-haiku-4-5", 50_000),
      report(dev, NOW - HOUR_MS, null, 0),
      // October: in neither.
      report(prod, Date.UTC(2026, 9, 31, 12), "claude-sonnet-5", 9_000_000),
    ]);
  });

  it("shows month-to-date spend against the team budget and the operator's cap, and the range's spend apart from it", async () => {
    const usage = await getTeamUsage(ctx.members.billing.actor, { teamId: ctx.team.id, range: "7d" }, NOW);
    expect(usage.spend.month).toMatchObject({
      period: "2026-12",
      label: "December 2026",
      startsAt: DEC_1,
      resetsAt: Date.UTC(2027, 0, 1),
      spentMicros: 2_000_000,
      budgetMicros: 20_000_000,
      spendCapMicros: 50_000_000,
    });
    expect(usage.totals.costMicros).toBe(5_000_000);
    expect(usage.totals.fallbackPriced).toBe(1);
    expect(usage.totals).toMatchObject({ cacheReadTokens: 500, cacheWriteTokens: 40 });
    // 24 hours: only the dev key's hour.
    const day = await getTeamUsage(ctx.members.billing.actor, { teamId: ctx.team.id, range: "24h" }, NOW);
    expect(day.totals.costMicros).toBe(50_000);
    expect(day.spend.month.spentMicros).toBe(2_000_000);
  });

  it("breaks spend down by model with catalogue names, flagging a model priced at the fallback", async () => {
    const usage = await getTeamUsage(ctx.members.developer.actor, { teamId: ctx.team.id, range: "7d" }, NOW);
    expect(usage.spend.byModel.map((m) => [m.model, m.displayName, m.costMicros, m.monthCostMicros, m.requests, m.fallbackPriced])).toEqual([
      ["claude-sonnet-5", "Claude Sonnet 5", 4_000_000, 1_000_000, 2, 0],
      ["house-model-x", null, 700_000, 700_000, 1, 1],
      ["claude-haiku-4-5", "Claude Haiku 4.5", 300_000, 300_000, 2, 0],
      ["", null, 0, 0, 1, 0],
    ]);
  });

  it("breaks spend down by key, with each key's month and budget, and by environment", async () => {
    const usage = await getTeamUsage(ctx.members.owner.actor, { teamId: ctx.team.id, range: "7d" }, NOW);
    expect(usage.keys.map((k) => [k.name, k.costMicros, k.monthSpentMicros, k.budgetMicros])).toEqual([
      ["Prod", 4_950_000, 1_950_000, 5_000_000],
      ["Dev", 50_000, 50_000, null],
    ]);
    expect(usage.spend.byEnvironment).toEqual({
      production: { costMicros: 4_950_000, requests: 4 },
      development: { costMicros: 50_000, requests: 2 },
    });
    const perBucket = usage.byEnvironment.production.reduce((n, p) => n + p.costMicros, 0);
    expect(perBucket).toBe(4_950_000);
  });

  it("sums two models in one bucket on the key page instead of keeping one", async () => {
    const usage = await getKeyUsage(ctx.members.owner.actor, { teamId: ctx.team.id, keyId: prod.id, range: "24h" }, Date.UTC(2026, 11, 1, 0, 30));
    const first = usage.series.at(-1)!;
    expect(first).toMatchObject({ requests: 2, costMicros: 1_250_000, inputTokens: 200, cacheReadTokens: 500 });
    expect(usage.totals.requests).toBe(3);
  });

  it("shows a key's month against its own budget, its models and cache tokens", async () => {
    const usage = await getKeyUsage(ctx.members.billing.actor, { teamId: ctx.team.id, keyId: prod.id, range: "30d" }, NOW);
    expect(usage.spend.month).toMatchObject({ period: "2026-12", spentMicros: 1_950_000, budgetMicros: 5_000_000, resetsAt: Date.UTC(2027, 0, 1) });
    expect(usage.totals.costMicros).toBe(4_950_000);
    expect(usage.spend.byModel.map((m) => [m.model, m.costMicros, m.monthCostMicros])).toEqual([
      ["claude-sonnet-5", 4_000_000, 1_000_000],
      ["house-model-x", 700_000, 700_000],
      ["claude-haiku-4-5", 250_000, 250_000],
    ]);
    expect(usage.viewer.canManageKeys).toBe(false);
    const dev = await getKeyUsage(ctx.members.developer.actor, { teamId: ctx.team.id, keyId: prod.id, range: "30d" }, NOW);
    expect(dev.viewer.canManageKeys).toBe(true);
  });

  it("starts a new month at zero, at 00:00 UTC on the first", async () => {
    const january = Date.UTC(2027, 0, 1);
    const usage = await getTeamUsage(ctx.members.owner.actor, { teamId: ctx.team.id, range: "30d" }, january);
    expect(usage.spend.month).toMatchObject({ period: "2027-01", spentMicros: 0, resetsAt: Date.UTC(2027, 1, 1) });
    expect(usage.spend.byModel.every((m) => m.monthCostMicros === 0)).toBe(true);
    const lastInstant = await getTeamUsage(ctx.members.owner.actor, { teamId: ctx.team.id, range: "30d" }, january - 1);
    expect(lastInstant.spend.month).toMatchObject({ period: "2026-12", spentMicros: 2_000_000 });
  });

  it("takes the cap from the default plan when the team has no override", async () => {
    const other = await makeTeam(["owner"]);
    const before = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultSpendCapMicros: 7_000_000n } });
    try {
      const usage = await getTeamUsage(other.members.owner.actor, { teamId: other.team.id, range: "24h" }, NOW);
      expect(usage.spend.month).toMatchObject({ spentMicros: 0, budgetMicros: null, spendCapMicros: 7_000_000 });
      expect(usage.spend.byModel).toEqual([]);
      // The team's own override wins over the plan.
      const own = await getTeamUsage(ctx.members.owner.actor, { teamId: ctx.team.id, range: "24h" }, NOW);
      expect(own.spend.month.spendCapMicros).toBe(50_000_000);
    } finally {
      await db.operatorSettings.update({ where: { id: 1 }, data: { defaultSpendCapMicros: before.defaultSpendCapMicros } });
    }
  });
});
