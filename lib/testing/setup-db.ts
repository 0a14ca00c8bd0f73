/**
 * Gives each Vitest worker its own real, migrated SQLite database in a temp
 * directory before any module opens lib/db. No mocks: tests hit the same
 * schema and SQL the app runs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
const file = path.join(dir, "test.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.NEXTAUTH_SECRET ??= "test-secret";

const migrations = path.resolve(__dirname, "../../prisma/migrations");
const sqlite = new Database(file);
for (const name of fs.readdirSync(migrations).sort()) {
  const sql = path.join(migrations, name, "migration.sql");
  if (fs.existsSync(sql)) sqlite.exec(fs.readFileSync(sql, "utf8"));
}
sqlite.close();
