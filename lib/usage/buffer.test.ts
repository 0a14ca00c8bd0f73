import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { openHotStore } from "../store/open";
import { holdUsageWriteLock, refuseEventsWithModel } from "../store/test-support";
import type { HotStore } from "../store/types";
import { makeTeam } from "../testing/factories";
import { DEFAULT_USAGE_BUFFER, UsageBuffer, type UsageBufferConfig } from "./buffer";
import type { UsageEventInput } from "./events";

let store: HotStore;
let keyId: string;
let teamId: string;
beforeAll(async () => {
  store = await openHotStore(undefined, { sqlite: { writerBusyTimeoutMs: 50 }, postgres: { retryMs: 50 } });
  teamId = (await makeTeam(["owner"])).team.id;
  keyId = (await createTestKey(teamId)).key.id;
});
afterAll(() => store.close());

const bufferWith = (config: Partial<UsageBufferConfig> = {}) => new UsageBuffer(store, { ...DEFAULT_USAGE_BUFFER, ...config });
const verify = (key = keyId, team = teamId): UsageEventInput => ({ keyId: key, teamId: team, ts: Date.now(), kind: "verify", outcome: "VALID" });
const report = (key: string, team: string, model = "m"): UsageEventInput => ({ keyId: key, teamId: team, ts: Date.now(), kind: "report", status: 200, latencyMs: 12, model });
const countEvents = (where: { keyId?: string | { in: string[] }; teamId?: string } = { keyId }) => db.usageEvent.count({ where });

describe("UsageBuffer", () => {
  it("keeps events in memory until handed over, then the store writes them", async () => {
    const buffer = bufferWith();
    const before = await countEvents();
    for (let i = 0; i < 10; i++) expect(buffer.recordVerify(verify())).toBe(true);
    expect(buffer.stats()).toMatchObject({ buffered: 10, writing: 0 });
    expect(await countEvents()).toBe(before);
    await buffer.flush();
    expect(buffer.stats()).toMatchObject({ buffered: 0, writing: 0, written: 10 });
    expect(await countEvents()).toBe(before + 10);
  });

  it("hands a batch over on its own once flushAtEvents are waiting", async () => {
    const buffer = bufferWith({ flushAtEvents: 50, flushIntervalMs: 600_000 });
    for (let i = 0; i < 49; i++) buffer.recordVerify(verify());
    await new Promise((resolve) => setImmediate(resolve));
    expect(buffer.stats().buffered).toBe(49);
    buffer.recordVerify(verify());
    await new Promise((resolve) => setImmediate(resolve));
    expect(buffer.stats().buffered).toBe(0);
    await buffer.flush();
    expect(buffer.stats().written).toBe(50);
  });

  it("hands events over on its timer without reaching the threshold", async () => {
    const buffer = bufferWith({ flushIntervalMs: 20 });
    buffer.recordVerify(verify());
    await vi.waitFor(() => expect(buffer.stats().written).toBe(1), { timeout: 10_000 });
  });

  it("discards only the orphan and the refused event of a failing batch, and writes every other one", async () => {
    const buffer = bufferWith();
    const other = await makeTeam(["owner"]);
    const otherKey = (await createTestKey(other.team.id)).key;
    const doomed = await makeTeam(["owner"]);
    const doomedKey = (await createTestKey(doomed.team.id)).key;
    buffer.recordReports([report(keyId, teamId, "a"), report(doomedKey.id, doomed.team.id), report(otherKey.id, other.team.id, "poison"), report(otherKey.id, other.team.id, "b")]);
    // The team is deleted while its event waits in the buffer.
    await db.team.delete({ where: { id: doomed.team.id } });
    const allow = await refuseEventsWithModel("poison");
    try {
      await buffer.flush();
    } finally {
      await allow();
    }
    expect(buffer.stats()).toMatchObject({ written: 2, orphaned: 1, invalid: 1, lost: 0 });
    expect((await db.usageEvent.findMany({ where: { keyId: { in: [keyId, otherKey.id] }, kind: "report" } })).map((e) => e.model).sort()).toEqual(["a", "b"]);
    expect(await countEvents({ teamId: doomed.team.id })).toBe(0);
  });
});

describe("UsageBuffer admission", () => {
  it("refuses reports before the buffer is full and per team, keeps room for verifications, and writes everything it admitted", async () => {
    const buffer = bufferWith({ maxEvents: 2000, maxReportEventsPerTeam: 300, flushIntervalMs: 20, flushAtEvents: 100 });
    const teams = await Promise.all([1, 2, 3, 4].map(() => makeTeam(["owner"])));
    const keys = await Promise.all(teams.map((t) => createTestKey(t.team.id)));
    const [a, b, c, d] = keys.map(({ key }) => ({ keyId: key.id, teamId: key.teamId }));
    const admitAndRecord = (k: { keyId: string; teamId: string }, n: number) => {
      const admission = buffer.admitReports(k.teamId, n);
      if (admission.ok) buffer.recordReports(Array.from({ length: n }, () => report(k.keyId, k.teamId)));
      return admission;
    };

    const release = await holdUsageWriteLock();
    let verifyRecorded = 0;
    try {
      expect(admitAndRecord(a, 300).ok).toBe(true);
      // Team a's share is used up while the database is locked; team b still has room.
      expect(admitAndRecord(a, 1)).toMatchObject({ ok: false, status: 429, code: "TEAM_USAGE_BACKLOG", retryAfterSeconds: expect.any(Number) });
      expect(admitAndRecord(b, 300).ok).toBe(true);
      expect(admitAndRecord(c, 300).ok).toBe(true);
      // Reports may fill only half of the buffer (1,000 of 2,000 events).
      expect(admitAndRecord(d, 200)).toMatchObject({ ok: false, status: 503, code: "USAGE_BUFFER_FULL" });
      expect(admitAndRecord(d, 100).ok).toBe(true);
      // Verifications fill the rest; past the bound they are not recorded (and counted), never blocked.
      while (buffer.recordVerify(verify(a.keyId, a.teamId))) verifyRecorded++;
      expect(verifyRecorded).toBe(1000);
      expect(buffer.recordVerify(verify(a.keyId, a.teamId))).toBe(false);
      expect(buffer.stats()).toMatchObject({ droppedVerify: 2, written: 0 });
    } finally {
      await release();
    }
    await buffer.flush();
    expect(buffer.stats()).toMatchObject({ buffered: 0, writing: 0, written: 2000, lost: 0 });
    const ids = keys.map(({ key }) => key.id);
    expect(await db.usageEvent.count({ where: { keyId: { in: ids }, kind: "report" } })).toBe(1000);
    expect(await db.usageEvent.count({ where: { keyId: { in: ids }, kind: "verify" } })).toBe(1000);
    // Once written, the room is free again.
    expect(admitAndRecord(a, 300).ok).toBe(true);
    await buffer.flush();
  });
});
