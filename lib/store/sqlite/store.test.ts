/** The SQLite store's own mechanics (its worker thread); runs when the suite runs on SQLite. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestKey } from "../../api/test-helpers";
import { db } from "../../db";
import { databaseConfig, databaseFile } from "../../db-url";
import { hashKey } from "../../keys/format";
import { makeTeam } from "../../testing/factories";
import type { UsageEventInput } from "../../usage/events";
import { announceKeyChange } from "../key-changes";
import { holdUsageWriteLock } from "../test-support";
import { StoreClosedError } from "../types";
import { SqliteHotStore } from "./store";

const onSqlite = databaseConfig().engine === "sqlite";
let store: SqliteHotStore;
let teamId: string;
beforeAll(async () => {
  if (!onSqlite) return;
  store = new SqliteHotStore(databaseFile(), { writerBusyTimeoutMs: 50 });
  teamId = (await makeTeam(["owner"])).team.id;
});
afterAll(() => store?.close());

const verify = (keyId: string, ts = Date.now()): UsageEventInput => ({ keyId, teamId, ts, kind: "verify", outcome: "VALID" });
const countEvents = (keyId: string) => db.usageEvent.count({ where: { keyId } });
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(onSqlite)("SqliteHotStore", () => {
  it("finds a key by its hash with dates as epoch ms, and nothing for an unknown hash", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const { key, secret } = await createTestKey(teamId, { name: "Lookup", environment: "development", expiresAt });
    expect(store.findKeyByHash(hashKey(secret))).toEqual({
      id: key.id, teamId, name: "Lookup", environment: "development", createdById: null, expiresAt: expiresAt.getTime(), revokedAt: null,
      policy: { allowedModels: null, rpm: null, tpm: null, budgetMicros: null, ipAllowlist: [] },
      team: { suspended: false, rpm: null, tpm: null, spendCapMicros: null, budgetMicros: null },
      spend: { period: expect.stringMatching(/^\d{4}-\d{2}$/), keyMicros: 0, teamMicros: 0 },
    });
    expect(store.findKeyByHash("0".repeat(64))).toBeUndefined();
  });

  it("caches a lookup, forgets it on an announced change before the very next lookup, and sees an unannounced one within its maximum age", async () => {
    const { key, secret } = await createTestKey(teamId);
    const hash = hashKey(secret);
    expect(store.findKeyByHash(hash)?.revokedAt).toBeNull();
    const revoke = (at: string) => {
      const other = new Database(databaseFile());
      other.prepare("UPDATE ApiKey SET revokedAt = ? WHERE id = ?").run(at, key.id);
      other.close();
    };
    // Another connection changes the row: until announced, this process may still answer from its cache.
    const revokedAt = Date.now();
    revoke(new Date(revokedAt).toISOString().replace("Z", "+00:00"));
    announceKeyChange({ keyIds: [key.id] });
    expect(store.findKeyByHash(hash)?.revokedAt).toBe(revokedAt);

    // Unannounced (a script writing to the file): visible within the cache's maximum age, well under a second.
    const { key: quiet, secret: quietSecret } = await createTestKey(teamId);
    expect(store.findKeyByHash(hashKey(quietSecret))?.revokedAt).toBeNull();
    const changedAt = Date.now();
    const other = new Database(databaseFile());
    other.prepare("UPDATE ApiKey SET revokedAt = ? WHERE id = ?").run(new Date(changedAt).toISOString().replace("Z", "+00:00"), quiet.id);
    other.close();
    await vi.waitFor(() => expect(store.findKeyByHash(hashKey(quietSecret))?.revokedAt).toBe(changedAt), { timeout: 5000, interval: 5 });
    expect(Date.now() - changedAt).toBeLessThan(1000);
  });

  it("writes batches in its worker thread and reports what each one cost", async () => {
    const { key } = await createTestKey(teamId);
    const results = await Promise.all([store.writeUsage([verify(key.id), verify(key.id)]), store.writeUsage([verify(key.id), verify("no-such-key")])]);
    expect(results).toEqual([{ written: 2, orphaned: 0, invalid: 0 }, { written: 1, orphaned: 1, invalid: 0 }]);
    expect(await countEvents(key.id)).toBe(3);
  });

  it("writes per-model rollups and the month's spend from its worker thread", async () => {
    const { key } = await createTestKey(teamId);
    const ts = Date.UTC(2026, 10, 20, 12);
    const report = (model: string, costMicros: number): UsageEventInput => ({ keyId: key.id, teamId, ts, kind: "report", status: 200, model, inputTokens: 1, costMicros });
    expect(await store.writeUsage([report("claude-sonnet-5", 300), report("claude-haiku-4-5", 20), report("claude-sonnet-5", 1), verify(key.id, ts)])).toEqual({ written: 4, orphaned: 0, invalid: 0 });
    const days = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "day" }, orderBy: { model: "asc" } });
    expect(days.map((d) => [d.model, d.requests, d.verifications, Number(d.costMicros)])).toEqual([["", 0, 1, 0], ["claude-haiku-4-5", 1, 0, 20], ["claude-sonnet-5", 2, 0, 301]]);
    const spend = await db.spendCounter.findMany({ where: { OR: [{ scopeId: key.id }, { scopeId: teamId, period: "2026-11" }] }, orderBy: { scope: "asc" } });
    expect(spend.map((c) => [c.scope, c.period, Number(c.spentMicros)])).toEqual([["key", "2026-11", 321], ["team", "2026-11", 321]]);
  });

  it("keeps answering lookups while another connection holds the write lock, and writes the queued batches once it is released", async () => {
    const { key, secret } = await createTestKey(teamId);
    const release = await holdUsageWriteLock();
    let settled = false;
    let writes: Promise<unknown>;
    try {
      writes = Promise.all([store.writeUsage([verify(key.id)]), store.writeUsage([verify(key.id), verify(key.id)])]).finally(() => (settled = true));
      // Several of the writer's 50 ms lock waits go by: the batches wait, the main thread does not.
      await tick(300);
      expect(store.findKeyByHash(hashKey(secret))?.id).toBe(key.id);
      expect(settled).toBe(false);
      expect(await countEvents(key.id)).toBe(0);
    } finally {
      await release();
    }
    await writes!;
    expect(await countEvents(key.id)).toBe(3);
  });
});

describe.runIf(onSqlite)("SqliteHotStore writer failures", () => {
  it("keeps a batch while every write fails at the database level, and writes it once it can", async () => {
    const { key } = await createTestKey(teamId);
    const other = new Database(databaseFile());
    other.exec("ALTER TABLE UsageEvent RENAME TO UsageEventAway");
    let settled = false;
    let written: Promise<unknown>;
    try {
      written = store.writeUsage([verify(key.id), verify(key.id)]).finally(() => (settled = true));
      await tick(300);
      expect(settled).toBe(false);
    } finally {
      other.exec("ALTER TABLE UsageEventAway RENAME TO UsageEvent");
      other.close();
    }
    expect(await written!).toEqual({ written: 2, orphaned: 0, invalid: 0 });
    expect(await countEvents(key.id)).toBe(2);
  });
});

describe.runIf(onSqlite)("SqliteHotStore on a database that is not migrated yet", () => {
  it("starts, keeps the batch while the tables are missing, and writes it once they exist", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-unmigrated-"));
    const file = path.join(dir, "fresh.db");
    new Database(file).close();
    const fresh = new SqliteHotStore(file, { writerBusyTimeoutMs: 50 });
    try {
      const migrate = new Database(file);
      let written: Promise<unknown>;
      try {
        // The id is only known once the tables exist; the event names it up front.
        written = fresh.writeUsage([{ keyId: "k-early", teamId: "t-early", ts: Date.now(), kind: "verify", outcome: "VALID" }]);
        await tick(300);
        const migrations = path.resolve(__dirname, "../../../prisma/migrations");
        for (const name of fs.readdirSync(migrations).sort()) {
          const sql = path.join(migrations, name, "migration.sql");
          if (fs.existsSync(sql)) migrate.exec(fs.readFileSync(sql, "utf8"));
        }
        migrate.exec(`INSERT INTO Team (id, slug, name, description, createdAt) VALUES ('t-early', 't-early', 'Early', '', '2026-01-01T00:00:00.000+00:00')`);
        migrate.exec(`INSERT INTO ApiKey (id, teamId, name, environment, prefix, last4, hash, createdAt) VALUES ('k-early', 't-early', 'Early', 'production', 'gk_live_', 'abcd', 'h-early', '2026-01-01T00:00:00.000+00:00')`);
      } finally {
        migrate.close();
      }
      expect(await written!).toEqual({ written: 1, orphaned: 0, invalid: 0 });
    } finally {
      await fresh.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(onSqlite)("SqliteHotStore.close", () => {
  it("writes what is queued before it closes", async () => {
    const own = new SqliteHotStore(databaseFile());
    const { key } = await createTestKey(teamId);
    const written = own.writeUsage(Array.from({ length: 500 }, () => verify(key.id)));
    expect(await own.close()).toEqual({ unwritten: 0 });
    expect(await written).toEqual({ written: 500, orphaned: 0, invalid: 0 });
    expect(await countEvents(key.id)).toBe(500);
    await expect(own.writeUsage([verify(key.id)])).rejects.toBeInstanceOf(StoreClosedError);
  });

  it("says how many events it could not write when the lock is held past its deadline", async () => {
    const own = new SqliteHotStore(databaseFile(), { writerBusyTimeoutMs: 50 });
    const { key } = await createTestKey(teamId);
    const release = await holdUsageWriteLock();
    try {
      const refused = expect(own.writeUsage([verify(key.id), verify(key.id)])).rejects.toBeInstanceOf(StoreClosedError);
      expect(await own.close({ deadlineMs: 200 })).toEqual({ unwritten: 2 });
      await refused;
    } finally {
      await release();
    }
    expect(await countEvents(key.id)).toBe(0);
  });
});
