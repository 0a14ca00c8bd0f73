/**
 * Writes usage events to SQLite: raw UsageEvent rows, the minute/hour/day
 * UsageRollup counters they add up to (per key and model), the month's
 * SpendCounter rows of each key and team, and each key's lastUsedAt, in one
 * synchronous transaction per batch. Runs in the usage worker thread
 * (./usage-worker.ts) and, for seeding scripts, on the caller's thread.
 *
 * A bad or orphan event costs only itself:
 * - events that fail `usageEventProblem` are discarded before SQL;
 * - events whose key no longer exists (its team was deleted while they waited
 *   in the buffer) are filtered inside the same write transaction, so no
 *   deletion can slip in between the check and the insert;
 * - if the batch still fails on a row, it is retried event by event and only
 *   the events SQLite refuses are discarded.
 * Database-level failures (lock held by another writer, disk full) discard
 * nothing: the events come back as `unwritten` for the caller to retry.
 */
import { ROLLUP_COUNT_COLUMNS, ROLLUP_SUM_COLUMNS, aggregateRollups, aggregateSpend, statusClass, type RollupCounters, type SpendIncrement } from "../../usage/rollup";
import { isRequestEvent, type UsageEventInput } from "../../usage/events";
import { screenEvents, type UsageWriteOutcome } from "../screen-events";
import type { Statement } from "better-sqlite3";
import { isDatabaseLevelError, prismaDateString, type SqliteDb } from "./connection";

export type SqliteWriteOutcome = UsageWriteOutcome;

// Multi-row INSERT: one statement step per 50 events instead of per event.
const ROWS_PER_INSERT = 50;
const EVENT_COLUMNS = [
  "keyId", "teamId", "ts", "kind", "outcome", "status", "latencyMs", "ttftMs", "model",
  "inputTokens", "outputTokens", "cacheWriteTokens", "cacheReadTokens", "costMicros", "fallbackPriced",
];
const eventRow = `(${EVENT_COLUMNS.map(() => "?").join(",")})`;
const eventInsertSql = (rows: number) =>
  `INSERT INTO UsageEvent (${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${Array.from({ length: rows }, () => eventRow).join(",")}`;

const COUNTER_COLUMNS: readonly (keyof RollupCounters)[] = [...ROLLUP_COUNT_COLUMNS, ...ROLLUP_SUM_COLUMNS];

const UPSERT_ROLLUP_SQL = `INSERT INTO UsageRollup (keyId, teamId, granularity, bucketStart, model, ${COUNTER_COLUMNS.map((c) => `"${c}"`).join(", ")}, latencyHist)
  VALUES (?, ?, ?, ?, ?, ${COUNTER_COLUMNS.map(() => "?").join(", ")}, ?)
  ON CONFLICT(keyId, granularity, bucketStart, model) DO UPDATE SET
    ${COUNTER_COLUMNS.map((c) => `"${c}" = "${c}" + excluded."${c}"`).join(",\n    ")},
    latencyHist = gatehouse_hist_merge(latencyHist, excluded.latencyHist)`;

const UPSERT_SPEND_SQL = `INSERT INTO SpendCounter (scope, scopeId, period, teamId, spentMicros) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(scope, scopeId, period) DO UPDATE SET spentMicros = spentMicros + excluded.spentMicros`;

function pushEvent(params: unknown[], e: UsageEventInput): void {
  const report = isRequestEvent(e);
  params.push(
    e.keyId,
    e.teamId,
    Math.trunc(e.ts),
    e.kind,
    e.outcome ?? (report && e.status != null ? statusClass(e.status) : "UNKNOWN"),
    report ? (e.status ?? null) : null,
    report && e.latencyMs != null ? Math.round(e.latencyMs) : null,
    report && e.ttftMs != null ? Math.round(e.ttftMs) : null,
    e.model ?? null,
    report ? (e.inputTokens ?? 0) : 0,
    report ? (e.outputTokens ?? 0) : 0,
    report ? (e.cacheWriteTokens ?? 0) : 0,
    report ? (e.cacheReadTokens ?? 0) : 0,
    report ? (e.costMicros ?? 0) : 0,
    report && e.fallbackPriced ? 1 : 0,
  );
}

function rollupParams(r: RollupCounters): unknown[] {
  const params: unknown[] = [r.keyId, r.teamId, r.granularity, r.bucketStart, r.model];
  for (const column of COUNTER_COLUMNS) params.push(r[column]);
  params.push(r.latencyHist ? `[${r.latencyHist.join(",")}]` : "[]");
  return params;
}

const spendParams = (s: SpendIncrement): unknown[] => [s.scope, s.scopeId, s.period, s.teamId, s.spentMicros];

function sortedByTime(events: readonly UsageEventInput[]): readonly UsageEventInput[] {
  for (let i = 1; i < events.length; i++) {
    // Index inserts in time order touch few B-tree pages; random order (bulk seeding) touches many.
    if (events[i].ts < events[i - 1].ts) return [...events].sort((a, b) => a.ts - b.ts);
  }
  return events;
}

type Statements = {
  insertOne: Statement;
  insertMany: Statement;
  upsertRollup: Statement;
  upsertSpend: Statement;
  touchKey: Statement;
  liveKeys: Statement<[string], { id: string; teamId: string }>;
  /** BEGIN IMMEDIATE: the write lock is taken up front, never upgraded mid-way. */
  transaction: (events: readonly UsageEventInput[]) => { written: number; orphaned: number };
};

export class SqliteUsageWriter {
  private statements: Statements | null = null;

  constructor(private readonly db: SqliteDb) {}

  /** Prepared on first use, inside write's error handling: a database without its tables yet is a database-level error, retried. */
  private prepared(): Statements {
    if (this.statements) return this.statements;
    const db = this.db;
    const prepared: Omit<Statements, "transaction"> = {
      insertOne: db.prepare(eventInsertSql(1)),
      insertMany: db.prepare(eventInsertSql(ROWS_PER_INSERT)),
      upsertRollup: db.prepare(UPSERT_ROLLUP_SQL),
      upsertSpend: db.prepare(UPSERT_SPEND_SQL),
      touchKey: db.prepare(`UPDATE ApiKey SET lastUsedAt = ? WHERE id = ? AND (lastUsedAt IS NULL OR lastUsedAt < ?)`),
      liveKeys: db.prepare<[string], { id: string; teamId: string }>(`SELECT id, teamId FROM ApiKey WHERE id IN (SELECT value FROM json_each(?))`),
    };
    const transaction = db.transaction((events: readonly UsageEventInput[]) => this.writeInTransaction(prepared, events)).immediate;
    this.statements = { ...prepared, transaction };
    return this.statements;
  }

  /** Writes a batch; never throws. See the file comment for what happens to bad events. */
  write(batch: readonly UsageEventInput[]): SqliteWriteOutcome {
    const { valid, result } = screenEvents(batch);
    if (valid.length === 0) return result;
    try {
      const { written, orphaned } = this.prepared().transaction(valid);
      result.written += written;
      result.orphaned += orphaned;
      return result;
    } catch (error) {
      if (isDatabaseLevelError(error)) return { ...result, unwritten: valid, error };
      result.sampleProblem ??= String((error as Error).message ?? error);
    }
    // A row the checks above let through was refused: find it by writing one event at a time.
    for (let i = 0; i < valid.length; i++) {
      try {
        const { written, orphaned } = this.prepared().transaction([valid[i]]);
        result.written += written;
        result.orphaned += orphaned;
      } catch (error) {
        if (isDatabaseLevelError(error)) return { ...result, unwritten: valid.slice(i), error };
        result.invalid++;
      }
    }
    return result;
  }

  private writeInTransaction(statements: Omit<Statements, "transaction">, unsorted: readonly UsageEventInput[]): { written: number; orphaned: number } {
    // Inside the write transaction: a key deleted before this point is seen as gone, and
    // nobody can delete one until we commit (SQLite has one writer at a time).
    const ids = [...new Set(unsorted.map((e) => e.keyId))];
    const teamOf = new Map(statements.liveKeys.all(JSON.stringify(ids)).map((k) => [k.id, k.teamId]));
    const live = unsorted.filter((e) => teamOf.get(e.keyId) === e.teamId);
    const orphaned = unsorted.length - live.length;
    if (live.length === 0) return { written: 0, orphaned };

    const events = sortedByTime(live);
    let i = 0;
    for (; i + ROWS_PER_INSERT <= events.length; i += ROWS_PER_INSERT) {
      const params: unknown[] = [];
      for (let j = i; j < i + ROWS_PER_INSERT; j++) pushEvent(params, events[j]);
      statements.insertMany.run(params);
    }
    for (; i < events.length; i++) {
      const params: unknown[] = [];
      pushEvent(params, events[i]);
      statements.insertOne.run(params);
    }

    for (const row of aggregateRollups(events)) statements.upsertRollup.run(rollupParams(row));
    for (const row of aggregateSpend(events)) statements.upsertSpend.run(spendParams(row));

    // "Last used" never lies in the future, whatever time an event claims (issue 7, item 14).
    const writtenAt = Date.now();
    const lastUsed = new Map<string, number>();
    for (const e of events) if ((lastUsed.get(e.keyId) ?? -Infinity) < e.ts) lastUsed.set(e.keyId, e.ts);
    for (const [keyId, ts] of lastUsed) {
      const when = prismaDateString(Math.min(ts, writtenAt));
      statements.touchKey.run(when, keyId, when);
    }
    return { written: events.length, orphaned };
  }
}
