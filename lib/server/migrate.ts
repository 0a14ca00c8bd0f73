import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFile } from "../db-url";

const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

/**
 * Committed migrations not yet recorded in the database. Checked before
 * calling Prisma because `migrate deploy` takes an exclusive lock on SQLite
 * and fails while another process (a running server, the seed) has the file
 * open, even when there is nothing to apply; it also saves seconds per start.
 */
export function pendingMigrations(): string[] {
  const all = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => fs.existsSync(path.join(MIGRATIONS_DIR, name, "migration.sql")))
    .sort();
  if (!fs.existsSync(databaseFile())) return all;
  const sqlite = new Database(databaseFile(), { readonly: true });
  try {
    const rows = sqlite
      .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { migration_name: string }[];
    const done = new Set(rows.map((r) => r.migration_name));
    return all.filter((name) => !done.has(name));
  } catch {
    return all;
  } finally {
    sqlite.close();
  }
}

/** Applies committed migrations (prisma migrate deploy) when any is pending. */
export function applyMigrations(): void {
  fs.mkdirSync(path.dirname(databaseFile()), { recursive: true });
  if (pendingMigrations().length === 0) return;
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  execFileSync(prisma, ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"], env: process.env });
}
