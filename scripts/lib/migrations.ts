/**
 * Making migrations for both engines (scripts/new-migration.ts). Each
 * migration folder holds migration.sql and schema.prisma, the schema it leads
 * to; a new migration is the diff from the last snapshot to the current schema.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
  writePostgresSchema,
} from "../../prisma/postgres-schema";

export type EngineHistory = { engine: "sqlite" | "postgres"; provider: string; migrations: string; schema: string };

export const HISTORIES: readonly EngineHistory[] = [
  { engine: "sqlite", provider: "sqlite", migrations: SQLITE_MIGRATIONS, schema: SQLITE_SCHEMA },
  { engine: "postgres", provider: "postgresql", migrations: POSTGRES_MIGRATIONS, schema: POSTGRES_SCHEMA },
];

/** The schema snapshot of the newest migration in a folder, or null when there is none. */
export function lastSnapshot(migrations: string): string | null {
  if (!fs.existsSync(migrations)) return null;
  const last = fs
    .readdirSync(migrations)
    .filter((d) => fs.existsSync(path.join(migrations, d, "schema.prisma")))
    .sort()
    .at(-1);
  return last ? path.join(migrations, last, "schema.prisma") : null;
}

/**
 * The SQL that turns schema `from` (null: an empty database) into schema `to`, in the dialect of
 * their provider; "" when they describe the same database.
 */
export function diffSql(from: string | null, to: string): string {
  // Quirk: with driver adapters `migrate diff` connects to the configured database even when it
  // only compares two files, and adapter-pg would need a running server for that. The diff itself
  // follows the schemas' provider, so any adapter will do: point the config at a throw-away SQLite file.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-diff-"));
  try {
    const sql = execFileSync(
      path.resolve("node_modules", ".bin", "prisma"),
      ["migrate", "diff", ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]), "--to-schema-datamodel", to, "--script"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.db")}` } },
    );
    return /This is an empty migration/.test(sql) ? "" : sql.trim() ? sql : "";
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes <stamp>_<name>/ into every engine's history whose last snapshot differs from the current
 * schema (normally both, with the same folder name). Returns the folders created.
 */
export function makeMigrations(
  name: string,
  options: { stamp?: string; histories?: readonly EngineHistory[] } = {},
): string[] {
  if (!options.histories) writePostgresSchema();
  const histories = options.histories ?? HISTORIES;
  const stamp = options.stamp ?? new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  // Diff everything first: a failure leaves no half-made migration behind.
  const pending = histories
    .map((h) => ({ ...h, sql: diffSql(lastSnapshot(h.migrations), h.schema) }))
    .filter((h) => h.sql);
  return pending.map((h) => {
    const dir = path.join(h.migrations, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), h.sql);
    fs.copyFileSync(h.schema, path.join(dir, "schema.prisma"));
    const lock = path.join(h.migrations, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(lock, `provider = "${h.provider}"\n`);
    }
    return path.relative(process.cwd(), dir);
  });
}
