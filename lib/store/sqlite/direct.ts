/**
 * Synchronous usage writes on the caller's thread, for seeding scripts,
 * benchmarks and tests that want rows in the database right now. The server
 * never uses this: it writes through the HotStore's worker thread.
 */
import { databaseFile } from "../../db-url";
import type { UsageEventInput } from "../../usage/events";
import type { UsageWriteResult } from "../types";
import { openSqlite, type SqliteDb } from "./connection";
import { SqliteUsageWriter } from "./usage-writer";

let direct: { file: string; db: SqliteDb; writer: SqliteUsageWriter } | null = null;

function writerFor(file: string): SqliteUsageWriter {
  if (direct?.file === file) return direct.writer;
  closeDirectUsageWriter();
  // Scripts may wait for a running server's writer: a long busy timeout is fine off the hot path.
  const db = openSqlite(file, { busyTimeoutMs: 5000 });
  direct = { file, db, writer: new SqliteUsageWriter(db) };
  return direct.writer;
}

/**
 * Writes the events, their rollups and lastUsedAt in one transaction
 * (~100k events take well under a second) into the SQLite database of
 * DATABASE_URL. Malformed and orphan events are discarded and counted;
 * a database-level failure throws, with nothing written.
 */
export function writeUsageBatch(events: readonly UsageEventInput[], file = databaseFile()): UsageWriteResult {
  const outcome = writerFor(file).write(events);
  if (outcome.unwritten.length > 0) throw outcome.error;
  return { written: outcome.written, orphaned: outcome.orphaned, invalid: outcome.invalid };
}

export function closeDirectUsageWriter(): void {
  direct?.db.close();
  direct = null;
}
