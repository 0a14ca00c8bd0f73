import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "../../prisma/postgres-schema";
import { testEngine } from "../testing/engine";
import { applyMigrations, pendingMigrations } from "./migrate";

const committed = (dir: string) => fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql"))).sort();

/** Runs `fn` with DATABASE_URL pointing at `url` (the migration runner reads it on each call). */
async function withDatabaseUrl<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    return await fn();
  } finally {
    process.env.DATABASE_URL = previous;
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

describe.runIf(testEngine() === "sqlite")("migrations on SQLite", () => {
  it("applies every committed migration to a new database, then finds nothing pending and skips Prisma", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-migrate-")), "nested", "g.db");
    await withDatabaseUrl(`file:${file}`, async () => {
      expect(await pendingMigrations()).toEqual(committed(SQLITE_MIGRATIONS));
      await applyMigrations();
      expect(await pendingMigrations()).toEqual([]);
      // Prisma's CLI takes seconds to start: a fast second run means it was not called.
      expect(await timed(applyMigrations)).toBeLessThan(1000);
    });
    const sqlite = new Database(file, { readonly: true });
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    sqlite.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["User", "Team", "UsageEvent", "RateLimitCounter"]));
  });
});

describe.runIf(testEngine() === "postgres")("migrations on PostgreSQL", () => {
  const created: string[] = [];
  afterEach(async () => {
    for (const name of created.splice(0)) await dropDatabase(inject("postgresServerUrl"), name);
  });

  it("lets several replicas start at once: one migrates, the others wait for it and find nothing pending", async () => {
    const name = `gatehouse_migrate_${process.pid}`;
    created.push(name);
    const url = await createDatabase(inject("postgresServerUrl"), name);
    await withDatabaseUrl(url, async () => {
      expect(await pendingMigrations()).toEqual(committed(POSTGRES_MIGRATIONS));
      // Without the advisory lock, concurrent `prisma migrate deploy` runs fail (P1002 lock timeout)
      // or leave a half-applied migration that blocks every later start (P3009).
      const starts = await Promise.allSettled([applyMigrations(), applyMigrations(), applyMigrations()]);
      expect(starts.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      expect(await pendingMigrations()).toEqual([]);
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`);
      expect(rows).toEqual(committed(POSTGRES_MIGRATIONS).map((migration_name) => ({ migration_name, finished: true })));
      // 64-bit usage event ids, like SQLite's rowid (see the baseline migration).
      const id = await client.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'UsageEvent' AND column_name = 'id'`);
      expect(id.rows[0].data_type).toBe("bigint");
    } finally {
      await client.end();
    }
  });

  it("refuses a database it cannot reach with a message naming it (password masked)", async () => {
    const url = "postgresql://gate:hunter2@127.0.0.1:1/gatehouse";
    const failure = await withDatabaseUrl(url, () => applyMigrations().then(() => null, (e: Error) => e));
    expect(failure?.name).toBe("ConfigError");
    expect(failure?.message).toContain("postgresql://gate:***@127.0.0.1:1/gatehouse");
    expect(failure?.message).not.toContain("hunter2");
  });
});
