/**
 * The one raw better-sqlite3 connection for the hot path (key lookups on
 * every verify call, batched usage writes). Prisma stays the tool for the
 * console; a Prisma round trip per verify call would cost ~50x more.
 *
 * WAL lets console reads (Prisma's own connection) run while a usage batch
 * is being written; busy_timeout makes both sides wait for the write lock
 * instead of failing.
 */
import Database from "better-sqlite3";
import { databaseFile } from "../db-url";
import { mergeHists, parseHist } from "../usage/latency";

export type HotDb = Database.Database;

let connection: HotDb | null = null;

export function hotDb(): HotDb {
  if (connection) return connection;
  // Short busy wait: a usage flush runs on the event loop, and a failed flush is simply retried a second later.
  const db = new Database(databaseFile(), { timeout: 2000 });
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a committed batch survives a process crash; only an OS crash can lose the last commit.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // 64 MiB page cache: big seeding batches keep the event indexes' hot pages in memory.
  db.pragma("cache_size = -65536");
  // Rollup upserts merge latency histograms inside SQLite (see lib/usage/ingest.ts).
  db.function("gatehouse_hist_merge", { deterministic: true }, (stored: unknown, added: unknown) => {
    if (typeof added !== "string" || added === "[]") return stored;
    if (typeof stored !== "string" || stored === "[]") return added;
    return JSON.stringify(mergeHists(parseHist(stored), parseHist(added)));
  });
  connection = db;
  generation++;
  return db;
}

let generation = 0;

/** Caches a prepared statement per connection, so closing and reopening stays safe. */
export function preparedOnce<T>(build: (db: HotDb) => T): () => T {
  let cached: T | null = null;
  let cachedFor = -1;
  return () => {
    const db = hotDb();
    if (cachedFor !== generation || cached === null) {
      cached = build(db);
      cachedFor = generation;
    }
    return cached;
  };
}

export function closeHotDb(): void {
  if (!connection) return;
  connection.close();
  connection = null;
}
