/**
 * Large deletes, done as many small ones. A single DELETE of millions of rows
 * holds the database for seconds, and on SQLite (better-sqlite3 runs each
 * statement synchronously on the main thread) it also stops the event loop:
 * the whole server answers nothing meanwhile. A batch of a few hundred rows costs
 * a few milliseconds, and between batches we give the event loop (and, on
 * SQLite, the write lock) back to everyone else.
 */

import { databaseConfig, type Engine } from "../db-url";

export type BatchOptions = {
  /** Rows per statement (default: defaultBatchSize()). */
  batchSize?: number;
  /** Pause between batches; 0 yields with setImmediate only. */
  pauseMs?: number;
  /** Aborting stops after the batch in progress; what is left is picked up by the next run. */
  signal?: AbortSignal;
  /** Called (and awaited) after every batch with the rows it deleted: for measurements and tests. */
  onBatch?: (rows: number) => unknown;
};

export type BatchStats = { rows: number; batches: number; largestBatch: number; stopped: boolean };

/**
 * Rows per batch. SQLite runs the statement on the event loop: 500 rows of
 * UsageEvent (a table and three indexes) cost about 2 ms of CPU there
 * (scripts/bench-purge.ts). PostgreSQL runs it on the server while the event
 * loop goes on, so a bigger batch only means fewer round trips.
 */
export const DEFAULT_BATCH_SIZE: Record<Engine, number> = { sqlite: 500, postgres: 2000 };

export function defaultBatchSize(): number {
  return DEFAULT_BATCH_SIZE[databaseConfig().engine];
}
// Keeps the share of time a purge takes of the database (and of SQLite's single writer) small.
export const DEFAULT_PAUSE_MS = 5;

export function emptyStats(): BatchStats {
  return { rows: 0, batches: 0, largestBatch: 0, stopped: false };
}

export function addStats(into: BatchStats, more: BatchStats): BatchStats {
  into.rows += more.rows;
  into.batches += more.batches;
  into.largestBatch = Math.max(into.largestBatch, more.largestBatch);
  into.stopped ||= more.stopped;
  return into;
}

/** Lets everything else run; a pause ends early when the signal aborts, so stopping never waits it out. */
export function yieldToEventLoop(pauseMs: number, signal?: AbortSignal): Promise<void> {
  if (pauseMs <= 0 || !signal) return new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, pauseMs);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Calls `deleteBatch(limit)` until it deletes fewer than `limit` rows (nothing
 * matching is left) or the signal aborts. `deleteBatch` must delete at most
 * `limit` rows and return how many it deleted.
 */
export async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>, options: BatchOptions = {}): Promise<BatchStats> {
  const { batchSize = defaultBatchSize(), pauseMs = DEFAULT_PAUSE_MS, signal, onBatch } = options;
  const stats = emptyStats();
  for (;;) {
    if (signal?.aborted) return { ...stats, stopped: true };
    const rows = await deleteBatch(batchSize);
    if (rows > 0) {
      stats.rows += rows;
      stats.batches += 1;
      stats.largestBatch = Math.max(stats.largestBatch, rows);
      await onBatch?.(rows);
    }
    if (rows < batchSize) return stats;
    await yieldToEventLoop(pauseMs, signal);
  }
}
