import { afterEach, describe, expect, it, vi } from "vitest";
import { alertRows, budgetTeam, setSpend } from "../budgets/test-helpers";
import { db } from "../db";
import { databaseConfig } from "../db-url";
import { deleteTeam } from "../teams/delete-team";
import { makeTeam } from "../testing/factories";
import { withJobLock } from "./job-lock";
import { startMaintenance, type Maintenance } from "./scheduler";
import { addEvents, daysAgo, usageCounts } from "./test-helpers";

let running: Maintenance | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function quietLog() {
  return { log: vi.fn(), error: vi.fn() };
}

describe("startMaintenance", () => {
  it("purges deleted teams and prunes old events in the background, and says what it did", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await addEvents(team.id, 250);
    await deleteTeam(members.owner.actor, { teamId: team.id, confirmName: team.name });
    const live = await makeTeam(["owner"]);
    await addEvents(live.team.id, 3, daysAgo(120));
    await addEvents(live.team.id, 2, daysAgo(1));

    // Purge first, retention afterwards: run together, retention (which also sweeps rows of teams
    // that no longer exist) may take the deleted team's events before the purge counts them.
    const log = quietLog();
    const lines = () => log.log.mock.calls.map((c) => String(c[0]));
    running = startMaintenance({ firstRunAfterMs: { purge: 0, retention: 3_600_000 }, purgeEveryMs: 20, batchSize: 100, pauseMs: 0, log });
    await vi.waitFor(
      () => expect(lines()).toContainEqual(expect.stringMatching(/^\[maintenance\] purged 250 events of deleted teams in 3 batches; 1 team\(s\) done$/)),
      { timeout: 10_000, interval: 20 },
    );
    await running.stop();
    expect(await db.teamPurge.count()).toBe(0);
    expect(await usageCounts(team.id)).toEqual({ events: 0, rollups: 0 });
    expect(await usageCounts(live.team.id)).toMatchObject({ events: 5 });

    running = startMaintenance({ firstRunAfterMs: { purge: 3_600_000, retention: 0 }, retentionEveryMs: 20, batchSize: 100, pauseMs: 0, log });
    await vi.waitFor(
      () => expect(lines()).toContainEqual(expect.stringMatching(/^\[maintenance\] pruned 3 usage events older than 90 days/)),
      { timeout: 10_000, interval: 20 },
    );
    expect(await usageCounts(live.team.id)).toMatchObject({ events: 2 });
    expect(log.error).not.toHaveBeenCalled();
  });

  it("stop() waits for the run in progress, which stops after its current batch", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await addEvents(team.id, 400);
    await deleteTeam(members.owner.actor, { teamId: team.id, confirmName: team.name });
    // Pauses between batches so long that stop() lands mid-purge (stopping cuts a pause short).
    running = startMaintenance({ firstRunAfterMs: { purge: 0, retention: 3_600_000 }, batchSize: 100, pauseMs: 60_000, log: quietLog() });
    await vi.waitFor(async () => expect((await usageCounts(team.id)).events).toBeLessThan(400), { timeout: 10_000, interval: 10 });
    await running.stop();
    running = undefined;

    const left = (await usageCounts(team.id)).events;
    expect(left).toBeGreaterThan(0);
    expect(await db.teamPurge.count({ where: { teamId: team.id } })).toBe(1);
  });
});

describe("budget alerts in the background", () => {
  it("run every BUDGET_ALERT_INTERVAL_MS and say what they sent", async () => {
    const { team } = await budgetTeam("Background Budget", 10);
    const log = quietLog();
    const printed = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      running = startMaintenance({ firstRunAfterMs: { purge: 3_600_000, retention: 3_600_000, budgetAlerts: 0 }, budgetAlertsEveryMs: 20, log });
      await setSpend("team", team.id, team.id, 9, Date.now());
      await vi.waitFor(() => expect(log.log).toHaveBeenCalledWith("[maintenance] budget alerts: 2 threshold(s) crossed, 1 email(s) sent"), {
        timeout: 10_000,
        interval: 20,
      });
      expect(printed.mock.calls.flat().join("\n")).toContain("Background Budget: 80 % of the monthly budget used");
      expect(await alertRows(team.id)).toMatchObject([{ threshold: 50, emailed: true }, { threshold: 80, emailed: true }]);
    } finally {
      printed.mockRestore();
    }
    expect(log.error).not.toHaveBeenCalled();
  });
});

describe("withJobLock", () => {
  it("on PostgreSQL lets one replica run a job at a time (others skip); on SQLite, one process per file, always runs", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = withJobLock("purge", async () => {
      entered();
      await held;
      return "first";
    });
    await inside;
    const second = await withJobLock("purge", async () => "second");
    // Another job's lock is independent.
    const other = await withJobLock("retention", async () => "other");
    release();

    expect(await first).toEqual({ ran: true, result: "first" });
    expect(other).toEqual({ ran: true, result: "other" });
    if (databaseConfig().engine === "postgres") expect(second).toEqual({ ran: false });
    else expect(second).toEqual({ ran: true, result: "second" });
    // Released with its connection: the next run gets it.
    expect(await withJobLock("purge", async () => "later")).toEqual({ ran: true, result: "later" });
  });
});
