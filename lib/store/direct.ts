/**
 * Usage writes on the caller's own connection, for seeding scripts,
 * benchmarks and tests that want rows in the database now, on either engine.
 * The server never uses this: it writes through its HotStore (a worker thread
 * on SQLite, a serial queue on PostgreSQL).
 */
import pg from "pg";
import { databaseConfig, type DatabaseConfig } from "../db-url";
import type { UsageEventInput } from "../usage/events";
import { PostgresUsageWriter } from "./postgres/usage-writer";
import { openSqlite, type SqliteDb } from "./sqlite/connection";
import { SqliteUsageWriter } from "./sqlite/usage-writer";
import type { UsageWriteResult } from "./types";

type Direct =
  | { key: string; engine: "sqlite"; db: SqliteDb; writer: SqliteUsageWriter }
  | { key: string; engine: "postgres"; pool: pg.Pool; writer: PostgresUsageWriter };

let direct: Direct | null = null;

function writerFor(config: DatabaseConfig): Direct {
  const key = config.engine === "sqlite" ? config.file : config.url;
  if (direct?.key === key) return direct;
  void closeDirectUsageWriter();
  if (config.engine === "sqlite") {
    // Scripts may wait for a running server's writer: a long busy timeout is fine off the hot path.
    const db = openSqlite(config.file, { busyTimeoutMs: 5000 });
    direct = { key, engine: "sqlite", db, writer: new SqliteUsageWriter(db) };
  } else {
    // allowExitOnIdle: a script that is done exits without closing the pool.
    const pool = new pg.Pool({ connectionString: config.url, max: 2, allowExitOnIdle: true });
    pool.on("error", () => {});
    direct = { key, engine: "postgres", pool, writer: new PostgresUsageWriter(pool) };
  }
  return direct;
}

/**
 * Writes the events, their rollups, the month's spend counters of their keys
 * and teams, and lastUsedAt in one transaction (~100k
 * events per call is fine) into the configured database. Malformed and orphan
 * events are discarded and counted; a database-level failure rejects, with
 * nothing written. On SQLite the write happens synchronously inside the call,
 * so callers that do not await still find the rows there afterwards.
 */
export async function writeUsageBatch(events: readonly UsageEventInput[], config: DatabaseConfig = databaseConfig()): Promise<UsageWriteResult> {
  const target = writerFor(config);
  const outcome = target.engine === "sqlite" ? target.writer.write(events) : await target.writer.write(events);
  if (outcome.unwritten.length > 0) throw outcome.error;
  return { written: outcome.written, orphaned: outcome.orphaned, invalid: outcome.invalid };
}

export async function closeDirectUsageWriter(): Promise<void> {
  const current = direct;
  direct = null;
  if (current?.engine === "sqlite") current.db.close();
  if (current?.engine === "postgres") await current.pool.end();
}
