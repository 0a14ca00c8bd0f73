import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "../../prisma/postgres-schema";
import { ConfigError, databaseConfig, redactUrl } from "../db-url";

/**
 * Applies the committed migrations of the configured engine on start.
 *
 * SQLite: `prisma migrate deploy`, only when something is pending. It takes an
 * exclusive lock and fails while another process (a running server, the seed)
 * has the file open, even when there is nothing to apply; skipping it also
 * saves seconds per start.
 *
 * PostgreSQL: applied here, with the same bookkeeping as Prisma
 * (_prisma_migrations, sha256 checksums: `prisma migrate status` agrees), for
 * three reasons. Several replicas may start at once, and concurrent
 * `migrate deploy` runs fail (P1002 lock timeout) or leave a half-applied
 * migration that blocks every later start (P3009); here the check and the
 * apply run under one advisory lock, so one replica migrates while the others
 * wait and then find nothing pending. Each migration runs in a transaction
 * (PostgreSQL DDL is transactional), so a failed one leaves no trace. And
 * Prisma 6.19's JS schema engine keeps the CLI alive for 10 s after it is done
 * (its advisory-lock timeout timer is never cleared), on every start.
 */

// Prisma's own migration lock (its schema engine runs SELECT pg_advisory_lock(72707369)), so a
// `prisma migrate deploy` run by hand waits for us, and we for it.
const MIGRATION_LOCK_KEY = 72707369;
const MIN_POSTGRES = 150000;

function committed(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort();
}

/** The committed migrations of an engine, in order, by the names `_prisma_migrations` records (readiness: lib/health/readiness.ts). */
export function committedMigrations(engine: "sqlite" | "postgres"): string[] {
  return committed(engine === "postgres" ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS);
}

/** The migrations a database has applied (both engines: Prisma's bookkeeping table). */
export const APPLIED_MIGRATIONS_SQL = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

function pendingSqlite(file: string): string[] {
  const all = committed(SQLITE_MIGRATIONS);
  if (!fs.existsSync(file)) return all;
  const sqlite = new Database(file, { readonly: true });
  try {
    const done = new Set((sqlite.prepare(APPLIED_MIGRATIONS_SQL).all() as { migration_name: string }[]).map((r) => r.migration_name));
    return all.filter((name) => !done.has(name));
  } catch {
    return all;
  } finally {
    sqlite.close();
  }
}

async function pendingPostgres(client: pg.Client): Promise<string[]> {
  const all = committed(POSTGRES_MIGRATIONS);
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
  if (!rows[0].exists) return all;
  const done = new Set((await client.query<{ migration_name: string }>(APPLIED_MIGRATIONS_SQL)).rows.map((r) => r.migration_name));
  return all.filter((name) => !done.has(name));
}

async function connectPostgres(url: string): Promise<pg.Client> {
  // A bounded connect: an address that drops packets would otherwise hang the start for minutes.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const { rows } = await client.query<{ v: string }>("SHOW server_version_num");
  if (Number(rows[0].v) < MIN_POSTGRES) {
    await client.end();
    throw new ConfigError(`Gatehouse needs PostgreSQL 15 or newer; ${redactUrl(url)} runs ${Math.floor(Number(rows[0].v) / 10000)}.`);
  }
  return client;
}

/** Committed migrations not yet applied to the configured database. */
export async function pendingMigrations(): Promise<string[]> {
  const config = databaseConfig();
  if (config.engine === "sqlite") return pendingSqlite(config.file);
  const client = await connectPostgres(config.url);
  try {
    return await pendingPostgres(client);
  } finally {
    await client.end();
  }
}

function migrateDeploy(databaseUrl: string): Promise<void> {
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prisma, ["migrate", "deploy"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy exited with code ${code}`))));
  });
}

// The table exactly as Prisma creates it, so either tool can take over from the other.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

async function deployPostgres(client: pg.Client, pending: string[]): Promise<void> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  // A migration Prisma recorded as started but never finished needs a person (as with Prisma's P3009).
  const failed = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL`,
  );
  if (failed.rows.length > 0) {
    const name = failed.rows[0].migration_name;
    throw new Error(`Migration ${name} failed earlier and was left half-applied: fix the database, then run \`npx prisma migrate resolve --rolled-back ${name}\` (or --applied) and start again.`);
  }
  for (const name of pending) {
    const script = fs.readFileSync(path.join(POSTGRES_MIGRATIONS, name, "migration.sql"));
    const checksum = crypto.createHash("sha256").update(script).digest("hex");
    await client.query("BEGIN");
    try {
      const started = new Date();
      // One simple-protocol query runs the whole script (no splitting at semicolons).
      await client.query(script.toString("utf8"));
      await client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, now(), 1)`,
        [crypto.randomUUID(), checksum, name, started],
      );
      await client.query("COMMIT");
      console.log(`[migrate] applied ${name}`);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw new Error(`Migration ${name} failed and was rolled back: ${(error as Error).message}`);
    }
  }
}

/** Applies the committed migrations that are pending (see the top of this file). */
export async function applyMigrations(): Promise<void> {
  const config = databaseConfig();
  if (config.engine === "sqlite") {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    if (pendingSqlite(config.file).length > 0) await migrateDeploy(`file:${config.file}`);
    return;
  }
  const client = await connectPostgres(config.url);
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY]);
    if (!rows[0].locked) {
      console.log("[migrate] another process is applying migrations; waiting for it");
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    }
    // Checked under the lock: a replica that waited finds the migrations applied and does nothing.
    const pending = await pendingPostgres(client);
    if (pending.length > 0) await deployPostgres(client, pending);
  } finally {
    // Ending the session releases the advisory lock, also when a migration failed.
    await client.end();
  }
}
