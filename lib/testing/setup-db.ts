/**
 * Gives each Vitest test file its own real, migrated database before any
 * module opens lib/db. No mocks: tests hit the same schema and SQL the app runs.
 * - SQLite: a file in a temp directory, migrated by running the committed SQL.
 * - PostgreSQL (GATEHOUSE_TEST_ENGINE=postgres): a copy of the template that
 *   global-setup.ts migrated, dropped again when the file's tests are done.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres";
import { testEngine } from "./engine";

process.env.NEXTAUTH_SECRET ??= "test-secret";

/** lib/db's client, if this file's tests opened it: closed before its database goes away. */
const disconnectDb = () => (globalThis as { gatehouseDb?: { $disconnect(): Promise<void> } }).gatehouseDb?.$disconnect();

if (testEngine() === "postgres") {
  const server = inject("postgresServerUrl");
  const name = `gatehouse_test_${crypto.randomBytes(6).toString("hex")}`;
  process.env.DATABASE_URL = await createDatabase(server, name, inject("postgresTemplate"));
  afterAll(async () => {
    await disconnectDb();
    await dropDatabase(server, name);
  });
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
  const file = path.join(dir, "test.db");
  process.env.DATABASE_URL = `file:${file}`;
  const migrations = path.resolve(__dirname, "../../prisma/migrations");
  const sqlite = new Database(file);
  for (const name of fs.readdirSync(migrations).sort()) {
    const sql = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(sql)) sqlite.exec(fs.readFileSync(sql, "utf8"));
  }
  sqlite.close();
  // Each file's database is 1-2 MB; a few runs a day would otherwise fill /tmp.
  afterAll(async () => {
    await disconnectDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
