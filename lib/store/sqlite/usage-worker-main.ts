/**
 * The SQLite usage writer thread: its own connection, its own queue. The main
 * thread only posts batches and never waits for SQLite's write lock, so
 * another process holding the lock for a minute (a seed with --reset, a
 * backup) leaves verify running at full speed while batches queue up here.
 *
 * Batches are written in arrival order, one transaction each. A batch that
 * meets a database-level error (lock held, disk full) is kept at the head of
 * the queue and retried; nothing acknowledged is discarded for that. Bad or
 * orphan events are discarded one by one (see ./usage-writer.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { UsageEventInput } from "../../usage/events";
import { openSqlite, isBusyError, type SqliteDb } from "./connection";
import type { WorkerReply, WorkerRequest, WorkerSettings } from "./usage-worker-protocol";
import { SqliteUsageWriter, type SqliteWriteOutcome } from "./usage-writer";

const settings = workerData as WorkerSettings;
const port = parentPort!;
// Opened on first use and kept; a failure to open (file missing, locked during recovery) is retried like any database-level error.
let db: SqliteDb | null = null;
let writer: SqliteUsageWriter | null = null;

function write(events: readonly UsageEventInput[]): SqliteWriteOutcome {
  try {
    if (!writer) {
      db = openSqlite(settings.file, { busyTimeoutMs: settings.busyTimeoutMs });
      writer = new SqliteUsageWriter(db);
    }
    return writer.write(events);
  } catch (error) {
    db?.close();
    db = writer = null;
    return { written: 0, orphaned: 0, invalid: 0, unwritten: events, error };
  }
}

type Job = { id: number; events: readonly UsageEventInput[]; written: number; orphaned: number; invalid: number };
const queue: Job[] = [];
let retryTimer: NodeJS.Timeout | null = null;
let closeDeadline: number | null = null;
let stuckSince: number | null = null;
let lastStuckLog = 0;

const reply = (message: WorkerReply) => port.postMessage(message);

function logStuck(error: unknown): void {
  const now = Date.now();
  stuckSince ??= now;
  if (now - lastStuckLog < 10_000) return;
  lastStuckLog = now;
  const waiting = queue.reduce((n, job) => n + job.events.length, 0);
  const why = isBusyError(error) ? "database busy (another writer holds the lock)" : `database error: ${(error as Error).message}`;
  console.warn(`[usage] ${why} for ${Math.round((now - stuckSince) / 1000)} s; ${waiting} event(s) wait in order`);
}

function pump(): void {
  retryTimer = null;
  while (queue.length > 0) {
    const job = queue[0];
    const outcome = write(job.events);
    job.written += outcome.written;
    job.orphaned += outcome.orphaned;
    job.invalid += outcome.invalid;
    if (outcome.invalid > 0) console.warn(`[usage] discarded ${outcome.invalid} malformed event(s), e.g. ${outcome.sampleProblem}`);
    if (outcome.unwritten.length > 0) {
      job.events = outcome.unwritten;
      logStuck(outcome.error);
      if (closeDeadline !== null && Date.now() >= closeDeadline) return finishClose();
      retryTimer = setTimeout(pump, isBusyError(outcome.error) ? settings.retryBusyMs : settings.retryErrorMs);
      return;
    }
    if (stuckSince !== null) {
      console.log(`[usage] database writable again after ${Math.round((Date.now() - stuckSince) / 1000)} s`);
      stuckSince = null;
    }
    queue.shift();
    reply({ type: "result", id: job.id, written: job.written, orphaned: job.orphaned, invalid: job.invalid });
  }
  if (closeDeadline !== null) finishClose();
}

function finishClose(): void {
  if (retryTimer) clearTimeout(retryTimer);
  const unwritten = queue.reduce((n, job) => n + job.events.length, 0);
  db?.close();
  reply({ type: "closed", unwritten });
  port.close();
}

port.on("message", (message: WorkerRequest) => {
  if (message.type === "write") {
    queue.push({ id: message.id, events: message.events, written: 0, orphaned: 0, invalid: 0 });
  } else if (message.type === "close") {
    closeDeadline = Date.now() + message.deadlineMs;
  }
  // While a retry is scheduled, new work waits behind the stuck batch (order is kept).
  if (retryTimer === null) pump();
});
