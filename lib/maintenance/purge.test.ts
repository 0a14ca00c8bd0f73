import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createApiKey } from "../keys/create";
import { createTeam } from "../teams/create-team";
import { deleteTeam } from "../teams/delete-team";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { getKeyUsage, getTeamUsage } from "../usage/query";
import { purgeDeletedTeams } from "./purge";
import { addEvents, addRollups, usageCounts } from "./test-helpers";

const tombstone = (teamId: string) => db.teamPurge.findUnique({ where: { teamId } });

async function deletedTeamWithUsage(events: number, rollups: number) {
  const { team, members } = await makeTeam(["owner"]);
  await addEvents(team.id, events);
  await addRollups(team.id, rollups);
  await deleteTeam(members.owner.actor, { teamId: team.id, confirmName: team.name });
  return team;
}

describe("purgeDeletedTeams", () => {
  it("deletes a deleted team's usage in batches of at most batchSize rows, then its tombstone", async () => {
    const team = await deletedTeamWithUsage(1050, 230);
    const bystander = await makeTeam(["owner"]);
    await addEvents(bystander.team.id, 7);
    await addRollups(bystander.team.id, 3);
    // The delete itself left the rows for the background job.
    expect(await usageCounts(team.id)).toEqual({ events: 1050, rollups: 230 });
    expect(await tombstone(team.id)).not.toBeNull();

    const batches: number[] = [];
    const report = await purgeDeletedTeams({ batchSize: 100, pauseMs: 0, onBatch: (rows) => batches.push(rows) });

    expect(await usageCounts(team.id)).toEqual({ events: 0, rollups: 0 });
    expect(await tombstone(team.id)).toBeNull();
    expect(report).toMatchObject({ teamsPurged: 1, events: { rows: 1050, batches: 11 }, rollups: { rows: 230, batches: 3 } });
    // The bound that keeps each statement (and, on SQLite, each stretch of the event loop) short.
    expect(Math.max(...batches)).toBe(100);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(1280);
    expect(await usageCounts(bystander.team.id)).toEqual({ events: 7, rollups: 3 });
  });

  it("deletes the team's spend counters and budget alerts with its tombstone, and nobody else's", async () => {
    const team = await deletedTeamWithUsage(3, 2);
    const bystander = await makeTeam(["owner"]);
    for (const t of [team, bystander.team]) {
      await db.spendCounter.create({ data: { scope: "team", scopeId: t.id, period: "2026-12", teamId: t.id, spentMicros: 5n } });
      await db.budgetAlert.create({ data: { teamId: t.id, scope: "team", scopeId: t.id, period: "2026-12", threshold: 50, budgetMicros: 10n, spentMicros: 5n } });
    }
    await purgeDeletedTeams({ pauseMs: 0 });
    expect(await db.spendCounter.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.budgetAlert.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.spendCounter.count({ where: { teamId: bystander.team.id } })).toBe(1);
    expect(await db.budgetAlert.count({ where: { teamId: bystander.team.id } })).toBe(1);
  });

  it("resumes where a stopped run left off (the tombstone outlives a restart)", async () => {
    const team = await deletedTeamWithUsage(500, 0);
    const abort = new AbortController();
    const first = await purgeDeletedTeams({ batchSize: 100, pauseMs: 0, signal: abort.signal, onBatch: () => abort.abort() });
    expect(first).toMatchObject({ teamsPurged: 0, events: { rows: 100, batches: 1, stopped: true } });
    expect(await usageCounts(team.id)).toEqual({ events: 400, rollups: 0 });
    expect(await tombstone(team.id)).not.toBeNull();

    const second = await purgeDeletedTeams({ batchSize: 100, pauseMs: 0 });
    expect(second).toMatchObject({ teamsPurged: 1, events: { rows: 400 } });
    expect(await tombstone(team.id)).toBeNull();
  });

  it("keeps the tombstone while rows still turn up (a usage batch that was in flight), and finishes next time", async () => {
    const team = await deletedTeamWithUsage(10, 7);
    // Written after the events were done (during the rollup batch), as a write already under way might be.
    const first = await purgeDeletedTeams({ batchSize: 100, pauseMs: 0, onBatch: (rows) => (rows === 7 ? addEvents(team.id, 1) : undefined) });
    expect(first).toMatchObject({ teamsPurged: 0, events: { rows: 10 }, rollups: { rows: 7 } });
    expect(await tombstone(team.id)).not.toBeNull();

    const second = await purgeDeletedTeams({ batchSize: 100, pauseMs: 0 });
    expect(second).toMatchObject({ teamsPurged: 1, events: { rows: 1 } });
    expect(await usageCounts(team.id)).toEqual({ events: 0, rollups: 0 });
    expect(await tombstone(team.id)).toBeNull();
  });

  it("does nothing when no team was deleted", async () => {
    const { team } = await makeTeam(["owner"]);
    await addEvents(team.id, 3);
    expect(await purgeDeletedTeams()).toMatchObject({ teamsPurged: 0, events: { rows: 0 }, rollups: { rows: 0 } });
    expect(await usageCounts(team.id)).toMatchObject({ events: 3 });
  });
});

describe("a deleted team's usage before the purge has run", () => {
  it("is shown nowhere, not even to a new team created under the same name and slug", async () => {
    const owner = actorFor(await makeUser("owner"));
    const old = await createTeam(owner, { name: "Purge Test Corp" });
    const { key } = await createApiKey(owner, { teamId: old.id, name: "ci", environment: "production", expiry: "never" });
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await addRollups(old.id, 1, { granularity: "hour", from: hour, keyId: key.id });
    await addRollups(old.id, 1, { granularity: "day", from: Math.floor(Date.now() / 86_400_000) * 86_400_000, keyId: key.id });
    expect((await getTeamUsage(owner, { teamId: old.id, range: "24h" })).totals.verifications).toBe(1);

    await deleteTeam(owner, { teamId: old.id, confirmName: old.name });
    const again = await createTeam(owner, { name: "Purge Test Corp" });
    expect(again.slug).toBe(old.slug);

    expect(await usageCounts(old.id)).toMatchObject({ rollups: 2 });
    for (const range of ["24h", "7d", "30d"] as const) {
      const usage = await getTeamUsage(owner, { teamId: again.id, range });
      expect(usage.totals.verifications).toBe(0);
      expect(usage.keys).toEqual([]);
    }
    await expect(getTeamUsage(owner, { teamId: old.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getKeyUsage(owner, { teamId: again.id, keyId: key.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
