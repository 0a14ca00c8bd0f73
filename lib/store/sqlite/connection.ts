/**
 * Raw better-sqlite3 connections for the hot path. Prisma stays the console's
 * tool; a Prisma round trip per verify call would cost ~50x more.
 *
 * Two connections per server process: the main thread's, which only reads
 * (key lookups), and the usage writer thread's (./usage-worker.ts). WAL lets
 * the reads, Prisma's console connection and the writer run side by side: a
 * reader never waits for the write lock, so a writer stuck behind another
 * process's lock cannot stall the event loop.
 */
import Database from "better-sqlite3";
import { mergeHists, parseHist } from "../../usage/latency";

export type SqliteDb = Database.Database;

export type SqliteOptions = {
  /** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
};

export function openSqlite(file: string, { busyTimeoutMs }: SqliteOptions): SqliteDb {
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a committed batch survives a process crash; only an OS crash can lose the last commit.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // 64 MiB page cache: big seeding batches keep the event indexes' hot pages in memory.
  db.pragma("cache_size = -65536");
  // Rollup upserts merge latency histograms inside SQLite (see ./usage-writer.ts).
  db.function("gatehouse_hist_merge", { deterministic: true }, (stored: unknown, added: unknown) => {
    if (typeof added !== "string" || added === "[]") return stored;
    if (typeof stored !== "string" || stored === "[]") return added;
    return JSON.stringify(mergeHists(parseHist(stored), parseHist(added)));
  });
  return db;
}

/**
 * Prisma's adapter stores DateTime as text ("2026-11-22T11:15:24.672+00:00");
 * rows written by hand may hold epoch ms. Unparseable means "not set".
 */
export function parseStoredDate(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The text format Prisma's SQLite adapter writes, so string order is time order. */
export function prismaDateString(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

const DATABASE_LEVEL = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL|CORRUPT|NOTADB|INTERRUPT|PERM|AUTH|ERROR|SCHEMA|NOLFS)/;

/**
 * Errors about the database rather than about a row: another writer holds the
 * lock, the disk is full, the schema is missing. Writing the same events later
 * may succeed, so they are kept and retried, never discarded. Anything else
 * (a constraint, a value SQLite refuses) is about the row.
 */
export function isDatabaseLevelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return DATABASE_LEVEL.test(code);
  // better-sqlite3 throws a TypeError once the connection is closed.
  return error instanceof TypeError && /database connection is not open/.test(error.message);
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}
