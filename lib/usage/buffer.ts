/**
 * In-memory usage buffer. The verify hot path only pushes an object here; the
 * database sees one transaction per flush: every FLUSH_INTERVAL_MS, or sooner
 * once FLUSH_AT_EVENTS are waiting. SIGTERM/SIGINT flush what is left
 * (shutdown hook), so a graceful stop loses no counted event. A hard kill
 * (SIGKILL, power loss) can lose the events of the last interval.
 */
import { onShutdown } from "../server/lifecycle";
import { closeHotDb, hotDb } from "../api/sqlite";
import { writeUsageBatch, type UsageEventInput } from "./ingest";

// Short batches keep each write (which runs on the event loop) to a millisecond or two, so a
// verify call that arrives during one waits little; USAGE_FLUSH_INTERVAL_MS overrides.
export const FLUSH_INTERVAL_MS = Math.max(10, Number(process.env.USAGE_FLUSH_INTERVAL_MS) || 250);
export const FLUSH_AT_EVENTS = 2000;
// If the database keeps failing, stop growing memory beyond this and say so.
const MAX_BUFFERED_EVENTS = 500_000;
// A batch that fails this many flushes in a row is dropped (logged), so one bad row cannot wedge the buffer.
// "Database is locked" does not count: another writer (a seeding script) is busy, the batch waits its turn.
const MAX_ATTEMPTS = 10;
// Flushes run on the event loop: wait at most this long for another writer's lock, then retry next second,
// rather than stall every verify call for the connection's default busy timeout.
const FLUSH_BUSY_TIMEOUT_MS = 100;
const SLOW_FLUSH_MS = Number(process.env.USAGE_SLOW_FLUSH_MS) || 100;

let pending: UsageEventInput[] = [];
let timer: NodeJS.Timeout | null = null;
let flushScheduled = false;
let dropped = 0;
let failuresInARow = 0;
let lastBusyLog = 0;

export type BufferStats = { pending: number; flushed: number; batches: number; failures: number; dropped: number };
const stats = { flushed: 0, batches: 0, failures: 0 };

export function usageBufferStats(): BufferStats {
  return { pending: pending.length, dropped, ...stats };
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  // After the current request's response is written, not inside it.
  setImmediate(() => {
    flushScheduled = false;
    flushUsage();
  });
}

/** Buffers one event; written within about a second. Never throws, never blocks on I/O. */
export function recordUsage(event: UsageEventInput): void {
  if (pending.length >= MAX_BUFFERED_EVENTS) {
    if (dropped++ % 10_000 === 0) console.error(`[usage] buffer full, ${dropped} event(s) dropped so far`);
    return;
  }
  pending.push(event);
  if (!timer) {
    timer = setInterval(flushUsage, FLUSH_INTERVAL_MS);
    timer.unref();
  }
  if (pending.length >= FLUSH_AT_EVENTS) scheduleFlush();
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** Writes everything buffered in one transaction. On failure the events stay queued for the next try. */
export function flushUsage(): number {
  if (pending.length === 0) return 0;
  const batch = pending;
  pending = [];
  const started = performance.now();
  try {
    hotDb().pragma(`busy_timeout = ${FLUSH_BUSY_TIMEOUT_MS}`);
    writeUsageBatch(batch);
    stats.flushed += batch.length;
    stats.batches++;
    failuresInARow = 0;
    const ms = performance.now() - started;
    if (ms > SLOW_FLUSH_MS) console.warn(`[usage] writing ${batch.length} event(s) took ${ms.toFixed(0)} ms`);
    return batch.length;
  } catch (error) {
    stats.failures++;
    pending = batch.concat(pending);
    if (isBusy(error)) {
      if (Date.now() - lastBusyLog > 10_000) {
        lastBusyLog = Date.now();
        console.warn(`[usage] database busy (another writer); ${pending.length} event(s) wait for the next flush`);
      }
      return 0;
    }
    if (++failuresInARow >= MAX_ATTEMPTS) {
      failuresInARow = 0;
      pending = pending.slice(batch.length);
      dropped += batch.length;
      console.error(`[usage] writing ${batch.length} event(s) failed ${MAX_ATTEMPTS} times; dropped`, error);
      return 0;
    }
    console.error(`[usage] writing ${batch.length} event(s) failed; will retry`, error);
    return 0;
  }
}

function stopTimer(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

onShutdown("usage-buffer", async () => {
  stopTimer();
  let written = flushUsage();
  // Another writer may hold the lock for a moment; keep trying for up to ~10 s before giving up.
  for (let attempt = 0; pending.length > 0 && attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    written += flushUsage();
  }
  if (written > 0) console.log(`[usage] flushed ${written} buffered event(s) at shutdown`);
  if (pending.length > 0) console.error(`[usage] ${pending.length} event(s) could not be written at shutdown`);
  closeHotDb();
});
