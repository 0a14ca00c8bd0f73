import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ConfigError } from "../db-url";
import { makeTeam } from "../testing/factories";
import { DEFAULT_RETENTION, pruneExpired, retentionFromEnv } from "./retention";
import { addEvents, addRollups, daysAgo } from "./test-helpers";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DAY = 86_400_000;

const eventDays = async (teamId: string) =>
  (await db.usageEvent.findMany({ where: { teamId }, select: { ts: true } })).map((e) => Math.round((NOW - Number(e.ts)) / DAY)).sort((a, b) => a - b);

describe("pruneExpired", () => {
  it("deletes raw events past USAGE_RETENTION_DAYS in every team, deleted teams' leftovers included, in bounded batches", async () => {
    const a = await makeTeam(["owner"]);
    const b = await makeTeam(["owner"]);
    await addEvents(a.team.id, 3, daysAgo(91, NOW));
    await addEvents(a.team.id, 2, daysAgo(89, NOW));
    await addEvents(b.team.id, 4, daysAgo(200, NOW));
    await addEvents(b.team.id, 1, daysAgo(1, NOW));
    // Rows of a team that no longer exists (and has no tombstone) are found by walking the index, not the Team table.
    await addEvents("gone-team", 2, daysAgo(120, NOW));

    const batches: number[] = [];
    const report = await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 2, pauseMs: 0, onBatch: (rows) => batches.push(rows) });

    expect(await eventDays(a.team.id)).toEqual([89, 89]);
    expect(await eventDays(b.team.id)).toEqual([1]);
    expect(await db.usageEvent.count({ where: { teamId: "gone-team" } })).toBe(0);
    expect(report.usageEvents).toMatchObject({ rows: 9, largestBatch: 2 });
    expect(Math.max(...batches)).toBe(2);
  });

  it("keeps hour and day rollups for good, and minute rollups for 14 days", async () => {
    const { team } = await makeTeam(["owner"]);
    const old = daysAgo(400, NOW);
    await addRollups(team.id, 5, { granularity: "minute", from: daysAgo(15, NOW) });
    await addRollups(team.id, 3, { granularity: "minute", from: daysAgo(13, NOW) });
    await addRollups(team.id, 4, { granularity: "hour", from: old });
    await addRollups(team.id, 2, { granularity: "day", from: old });

    const report = await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 2, pauseMs: 0 });

    const left = await db.usageRollup.groupBy({ by: ["granularity"], where: { teamId: team.id }, _count: true });
    expect(Object.fromEntries(left.map((g) => [g.granularity, g._count]))).toEqual({ minute: 3, hour: 4, day: 2 });
    expect(report.minuteRollups.rows).toBe(5);
  });

  it("forgets sign-in addresses after 90 days, old failed-attempt rows after 30, and ended rate-limit counters", async () => {
    const at = (days: number) => new Date(daysAgo(days, NOW));
    await db.signInAttempt.createMany({
      data: [
        { email: "old@example.test", ip: "10.0.0.1", success: true, createdAt: at(91) },
        { email: "known@example.test", ip: "10.0.0.2", success: true, createdAt: at(89) },
        { email: "f-old@example.test", ip: "10.0.0.3", success: false, createdAt: at(31) },
        { email: "f-new@example.test", ip: "10.0.0.4", success: false, createdAt: at(29) },
      ],
    });
    await db.rateLimitCounter.createMany({
      data: [
        { key: "60000:ended", windowStart: BigInt(NOW - 120_000), count: 3, expiresAt: BigInt(NOW - 60_000) },
        { key: "60000:ends-now", windowStart: BigInt(NOW - 60_000), count: 1, expiresAt: BigInt(NOW) },
        { key: "60000:open", windowStart: BigInt(NOW), count: 1, expiresAt: BigInt(NOW + 60_000) },
      ],
    });

    const report = await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 1, pauseMs: 0 });

    const emails = (await db.signInAttempt.findMany({ select: { email: true }, orderBy: { email: "asc" } })).map((r) => r.email);
    expect(emails).toEqual(["f-new@example.test", "known@example.test"]);
    expect((await db.rateLimitCounter.findMany({ select: { key: true } })).map((r) => r.key)).toEqual(["60000:open"]);
    expect(report.signInAttempts).toMatchObject({ rows: 2, batches: 2 });
    expect(report.rateLimitCounters).toMatchObject({ rows: 2, batches: 2 });
  });

  it("stops when aborted and leaves the rest for the next run", async () => {
    const { team } = await makeTeam(["owner"]);
    await addEvents(team.id, 5, daysAgo(100, NOW));
    const abort = new AbortController();
    const first = await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 2, pauseMs: 0, signal: abort.signal, onBatch: () => abort.abort() });
    expect(first.usageEvents).toMatchObject({ rows: 2, stopped: true });
    expect(await db.usageEvent.count({ where: { teamId: team.id } })).toBe(3);
    await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 2, pauseMs: 0 });
    expect(await db.usageEvent.count({ where: { teamId: team.id } })).toBe(0);
  });
});

describe("retentionFromEnv", () => {
  it("defaults to 90 days of raw events and 14 of minute rollups, and takes both from the environment", () => {
    expect(retentionFromEnv({})).toEqual(DEFAULT_RETENTION);
    expect(DEFAULT_RETENTION).toMatchObject({ usageEventDays: 90, minuteRollupDays: 14 });
    expect(retentionFromEnv({ USAGE_RETENTION_DAYS: "30", USAGE_MINUTE_ROLLUP_RETENTION_DAYS: "2" })).toMatchObject({
      usageEventDays: 30,
      minuteRollupDays: 2,
    });
  });

  it.each(["0", "-5", "ninety", "1.5"])("refuses USAGE_RETENTION_DAYS=%s at start, naming the variable", (value) => {
    expect(() => retentionFromEnv({ USAGE_RETENTION_DAYS: value })).toThrow(ConfigError);
    expect(() => retentionFromEnv({ USAGE_RETENTION_DAYS: value })).toThrow(/USAGE_RETENTION_DAYS/);
  });
});
