/**
 * In-memory usage buffer between the API handlers and the hot store. The
 * handlers only push objects here; every `flushIntervalMs` (or as soon as
 * `flushAtEvents` are waiting) the buffered events are handed to the store as
 * one batch. Handing over never waits for the database: on SQLite the batch
 * is posted to the writer thread, on PostgreSQL it is an async query.
 *
 * The buffer is bounded, and it never acknowledges what it cannot keep:
 * - reported events (POST /api/v1/usage) are admitted only while all buffered
 *   and in-flight events stay under half of `maxEvents`, and while the
 *   reporting team's own events stay under `maxReportEventsPerTeam`;
 *   otherwise the route answers 503 / 429 with Retry-After and the caller
 *   sends them again later;
 * - verification events fill the rest. Verify must answer whatever happens
 *   to metering, so when even that room is gone (the database has been
 *   unwritable for minutes) a verify call still answers and its event is
 *   dropped and counted (`droppedVerify`, logged).
 */
import { intFromEnv } from "../limits/env";
import { usageFlushDuration } from "../metrics/registry";
import type { HotStore, UsageWriteResult } from "../store/types";
import type { UsageEventInput } from "./events";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

export type UsageBufferConfig = {
  flushIntervalMs: number;
  flushAtEvents: number;
  /** Buffered plus in-flight events, of every kind. */
  maxEvents: number;
  /** Buffered plus in-flight reported events of one team. */
  maxReportEventsPerTeam: number;
  /** Handing a batch over that blocks the event loop longer than this is logged. */
  slowHandOverMs: number;
};

/** Reports may use this share of `maxEvents`; the rest is kept for verification events. */
export const REPORT_SHARE = 0.5;
const BUFFER_FULL_RETRY_AFTER_S = 5;
const TEAM_SHARE_RETRY_AFTER_S = 2;

export const DEFAULT_USAGE_BUFFER: UsageBufferConfig = {
  // Batches keep the database's transactions few; a quarter second keeps charts live.
  flushIntervalMs: 250,
  flushAtEvents: 2000,
  maxEvents: 1_000_000,
  maxReportEventsPerTeam: 100_000,
  slowHandOverMs: 100,
};

/**
 * USAGE_FLUSH_INTERVAL_MS, USAGE_BUFFER_MAX_EVENTS, USAGE_BUFFER_MAX_EVENTS_PER_TEAM,
 * USAGE_SLOW_FLUSH_MS; a value that is not a whole number in range stops the start.
 */
export function usageBufferConfigFromEnv(env: Env): UsageBufferConfig {
  const d = DEFAULT_USAGE_BUFFER;
  return {
    flushIntervalMs: intFromEnv(env, "USAGE_FLUSH_INTERVAL_MS", d.flushIntervalMs, { min: 10 }),
    flushAtEvents: d.flushAtEvents,
    maxEvents: intFromEnv(env, "USAGE_BUFFER_MAX_EVENTS", d.maxEvents, { min: 1000 }),
    maxReportEventsPerTeam: intFromEnv(env, "USAGE_BUFFER_MAX_EVENTS_PER_TEAM", d.maxReportEventsPerTeam, { min: 1000 }),
    slowHandOverMs: intFromEnv(env, "USAGE_SLOW_FLUSH_MS", d.slowHandOverMs),
  };
}

export type Admission =
  | { ok: true }
  | { ok: false; status: 429 | 503; code: "USAGE_BUFFER_FULL" | "TEAM_USAGE_BACKLOG"; message: string; retryAfterSeconds: number };

const ADMITTED: Admission = Object.freeze({ ok: true });

export type UsageBufferStats = {
  /** Taken into this buffer since it was made. */
  accepted: number;
  /** Waiting in this buffer. */
  buffered: number;
  /** Handed to the store, not yet written. */
  writing: number;
  written: number;
  /** Discarded because their key or team was deleted while they waited. */
  orphaned: number;
  /** Discarded as malformed. */
  invalid: number;
  /** Verification events not recorded because the buffer was full. */
  droppedVerify: number;
  /** Events the store could not write before it closed. */
  lost: number;
};

export class UsageBuffer {
  private pending: UsageEventInput[] = [];
  private writing = 0;
  private readonly reportsByTeam = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private handOverScheduled = false;
  private closed = false;
  private readonly totals = { accepted: 0, written: 0, orphaned: 0, invalid: 0, droppedVerify: 0, lost: 0 };
  private lastDiscardLog = 0;
  private lastDropLog = 0;

  constructor(
    private readonly store: Pick<HotStore, "writeUsage">,
    readonly config: UsageBufferConfig = DEFAULT_USAGE_BUFFER,
  ) {}

  /** Buffered and in-flight events. */
  get size(): number {
    return this.pending.length + this.writing;
  }

  stats(): UsageBufferStats {
    return { buffered: this.pending.length, writing: this.writing, ...this.totals };
  }

  /** Buffers a verification event; false (and counted) when the buffer is full. Never blocks. */
  recordVerify(event: UsageEventInput): boolean {
    if (this.size >= this.config.maxEvents) {
      this.totals.droppedVerify++;
      const now = Date.now();
      if (now - this.lastDropLog > 10_000) {
        this.lastDropLog = now;
        console.error(`[usage] buffer full (${this.size} events waiting for the database): verification events are not recorded; ${this.totals.droppedVerify} so far`);
      }
      return false;
    }
    this.push(event);
    return true;
  }

  /** Whether `count` reported events of `teamId` fit; call before acknowledging them. */
  admitReports(teamId: string, count: number): Admission {
    if (this.size + count > this.config.maxEvents * REPORT_SHARE) {
      return {
        ok: false,
        status: 503,
        code: "USAGE_BUFFER_FULL",
        message: "Usage is arriving faster than it can be stored. Send these events again later.",
        retryAfterSeconds: BUFFER_FULL_RETRY_AFTER_S,
      };
    }
    if ((this.reportsByTeam.get(teamId) ?? 0) + count > this.config.maxReportEventsPerTeam) {
      return {
        ok: false,
        status: 429,
        code: "TEAM_USAGE_BACKLOG",
        message: "This team's reported usage is still being stored. Send these events again later.",
        retryAfterSeconds: TEAM_SHARE_RETRY_AFTER_S,
      };
    }
    return ADMITTED;
  }

  /** Buffers admitted reported events (see admitReports). */
  recordReports(events: readonly UsageEventInput[]): void {
    for (const e of events) this.push(e);
  }

  /** Hands everything buffered to the store and waits until every in-flight batch is settled. */
  async flush(): Promise<void> {
    this.handOver();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Stops the timer and hands the rest over; the store's own close decides how long to keep trying. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.handOver();
  }

  private push(event: UsageEventInput): void {
    this.pending.push(event);
    this.totals.accepted++;
    if (event.kind === "report") this.reportsByTeam.set(event.teamId, (this.reportsByTeam.get(event.teamId) ?? 0) + 1);
    if (this.closed) {
      this.handOver();
      return;
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.handOver(), this.config.flushIntervalMs);
      this.timer.unref();
    }
    if (this.pending.length >= this.config.flushAtEvents && !this.handOverScheduled) {
      this.handOverScheduled = true;
      // After the response that crossed the threshold has been written, not inside it.
      setImmediate(() => {
        this.handOverScheduled = false;
        this.handOver();
      });
    }
  }

  private handOver(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writing += batch.length;
    const teams = new Map<string, number>();
    for (const e of batch) if (e.kind === "report") teams.set(e.teamId, (teams.get(e.teamId) ?? 0) + 1);

    const started = performance.now();
    let write: Promise<UsageWriteResult>;
    try {
      write = this.store.writeUsage(batch);
    } catch (error) {
      write = Promise.reject(error);
    }
    const ms = performance.now() - started;
    if (ms > this.config.slowHandOverMs) console.warn(`[usage] handing ${batch.length} event(s) to the writer blocked the event loop for ${ms.toFixed(1)} ms`);

    const settled: Promise<void> = write.then(
      (result) => {
        usageFlushDuration.observe((performance.now() - started) / 1000);
        this.written(result);
      },
      (error: Error) => {
        this.totals.lost += batch.length;
        console.error(`[usage] ${batch.length} event(s) could not be written: ${error.message}`);
      },
    ).finally(() => {
      this.writing -= batch.length;
      for (const [teamId, n] of teams) {
        const left = (this.reportsByTeam.get(teamId) ?? 0) - n;
        if (left > 0) this.reportsByTeam.set(teamId, left);
        else this.reportsByTeam.delete(teamId);
      }
      this.inFlight.delete(settled);
    });
    this.inFlight.add(settled);
  }

  private written(result: UsageWriteResult): void {
    this.totals.written += result.written;
    this.totals.orphaned += result.orphaned;
    this.totals.invalid += result.invalid;
    if (result.orphaned + result.invalid === 0) return;
    const now = Date.now();
    if (now - this.lastDiscardLog < 10_000) return;
    this.lastDiscardLog = now;
    console.warn(
      `[usage] discarded events that could not be stored: ${this.totals.orphaned} whose key or team was deleted, ${this.totals.invalid} malformed (totals so far)`,
    );
  }
}
