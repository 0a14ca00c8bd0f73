import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseFile } from "../db-url";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { runShutdownHooks } from "../server/lifecycle";
import { makeTeam } from "../testing/factories";
import { FLUSH_AT_EVENTS, flushUsage, recordUsage, usageBufferStats } from "./buffer";
import type { UsageEventInput } from "./ingest";

let keyId: string;
let teamId: string;
beforeAll(async () => {
  teamId = (await makeTeam(["owner"])).team.id;
  keyId = (await createTestKey(teamId)).key.id;
});

const event = (): UsageEventInput => ({ keyId, teamId, ts: Date.now(), kind: "verify", outcome: "VALID" });
const countEvents = () => db.usageEvent.count({ where: { keyId } });

describe("usage buffer", () => {
  it("keeps events in memory until flushed, then writes them in one batch", async () => {
    const before = await countEvents();
    for (let i = 0; i < 10; i++) recordUsage(event());
    expect(await countEvents()).toBe(before);
    expect(usageBufferStats().pending).toBe(10);
    expect(flushUsage()).toBe(10);
    expect(await countEvents()).toBe(before + 10);
  });

  it(`flushes on its own once ${FLUSH_AT_EVENTS} events are waiting`, async () => {
    const before = await countEvents();
    for (let i = 0; i < FLUSH_AT_EVENTS; i++) recordUsage(event());
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(usageBufferStats().pending).toBe(0);
    expect(await countEvents()).toBe(before + FLUSH_AT_EVENTS);
  });

  it("flushes within about a second without reaching the threshold", async () => {
    const before = await countEvents();
    recordUsage(event());
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await countEvents()).toBe(before + 1);
  });

  it("keeps events queued while another writer holds the database, and writes them afterwards", async () => {
    const before = await countEvents();
    const other = new Database(databaseFile());
    other.exec("BEGIN IMMEDIATE");
    try {
      for (let i = 0; i < 3; i++) recordUsage(event());
      const started = Date.now();
      expect(flushUsage()).toBe(0);
      // The event loop waits only briefly for the lock, not the connection's full busy timeout.
      expect(Date.now() - started).toBeLessThan(1000);
      expect(usageBufferStats().pending).toBe(3);
    } finally {
      other.exec("COMMIT");
      other.close();
    }
    expect(flushUsage()).toBe(3);
    expect(await countEvents()).toBe(before + 3);
  });

  it("flushes everything left when the shutdown hooks run (SIGTERM)", async () => {
    const before = await countEvents();
    for (let i = 0; i < 25; i++) recordUsage(event());
    await runShutdownHooks();
    expect(usageBufferStats().pending).toBe(0);
    expect(await countEvents()).toBe(before + 25);
    const [day] = await db.usageRollup.findMany({ where: { keyId, granularity: "day" }, orderBy: { bucketStart: "desc" }, take: 1 });
    expect(day.verifications).toBeGreaterThanOrEqual(25);
    // The hot connection was closed by the hook; later writes reopen it.
    recordUsage(event());
    expect(flushUsage()).toBe(1);
  });
});
