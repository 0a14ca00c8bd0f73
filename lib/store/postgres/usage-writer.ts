/**
 * Writes usage events to PostgreSQL: one transaction per batch, each table
 * written by ONE statement over arrays (`INSERT … SELECT FROM unnest(…)`), so
 * a batch of thousands of events costs a handful of round trips: lock the
 * keys, then events, rollups per key and model, the month's spend per key and
 * team, lastUsedAt.
 *
 * The same rules as the SQLite writer (../sqlite/usage-writer.ts): malformed
 * events are discarded before SQL, orphans inside the transaction, a batch
 * the database refuses is retried event by event, and database-level errors
 * discard nothing. The key rows are locked (FOR NO KEY UPDATE, in id order)
 * before anything is written: a key deleted before the lock is seen as gone,
 * and one cannot be deleted until this batch commits. Rollup rows are upserted
 * and spend counters in primary-key order, so concurrent replicas cannot
 * deadlock on them.
 */
import type pg from "pg";
import { ROLLUP_COUNT_COLUMNS, ROLLUP_SUM_COLUMNS, aggregateRollups, aggregateSpend, statusClass, type RollupCounters, type SpendIncrement } from "../../usage/rollup";
import { isRequestEvent, type UsageEventInput } from "../../usage/events";
import { screenEvents, type UsageWriteOutcome } from "../screen-events";
import { isPostgresDatabaseLevelError } from "./errors";

export type PostgresWriteOutcome = UsageWriteOutcome;

const LOCK_KEYS = `SELECT id, "teamId" FROM "ApiKey" WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`;

const EVENT_COLUMNS: [string, string][] = [
  ["keyId", "text"], ["teamId", "text"], ["ts", "bigint"], ["kind", "text"], ["outcome", "text"], ["status", "int"], ["latencyMs", "int"], ["ttftMs", "int"], ["model", "text"],
  ["inputTokens", "int"], ["outputTokens", "int"], ["cacheWriteTokens", "int"], ["cacheReadTokens", "int"], ["costMicros", "bigint"], ["fallbackPriced", "boolean"],
];
const INSERT_EVENTS = `INSERT INTO "UsageEvent" (${EVENT_COLUMNS.map(([c]) => `"${c}"`).join(", ")})
  SELECT * FROM unnest(${EVENT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")})`;

/**
 * Histograms are JSON arrays of bin counts; merging adds them element-wise,
 * in SQL (the SQLite store registers a function for the same job).
 */
const MERGE_HIST = `CASE
    WHEN EXCLUDED."latencyHist" = '[]' THEN "UsageRollup"."latencyHist"
    WHEN "UsageRollup"."latencyHist" = '[]' THEN EXCLUDED."latencyHist"
    ELSE (SELECT json_agg(COALESCE(a.n::bigint, 0) + COALESCE(b.n::bigint, 0) ORDER BY COALESCE(a.i, b.i))::text
          FROM json_array_elements_text("UsageRollup"."latencyHist"::json) WITH ORDINALITY AS a(n, i)
          FULL JOIN json_array_elements_text(EXCLUDED."latencyHist"::json) WITH ORDINALITY AS b(n, i) ON a.i = b.i)
  END`;

const ROLLUP_COLUMNS = ["keyId", "teamId", "granularity", "bucketStart", "model", ...ROLLUP_COUNT_COLUMNS, ...ROLLUP_SUM_COLUMNS, "latencyHist"];
const ROLLUP_TYPES = ["text", "text", "text", "bigint", "text", ...ROLLUP_COUNT_COLUMNS.map(() => "int"), ...ROLLUP_SUM_COLUMNS.map(() => "bigint"), "text"];
const UPSERT_ROLLUPS = `INSERT INTO "UsageRollup" (${ROLLUP_COLUMNS.map((c) => `"${c}"`).join(", ")})
  SELECT * FROM unnest(${ROLLUP_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})
  ON CONFLICT ("keyId", "granularity", "bucketStart", "model") DO UPDATE SET
    ${[...ROLLUP_COUNT_COLUMNS, ...ROLLUP_SUM_COLUMNS].map((c) => `"${c}" = "UsageRollup"."${c}" + EXCLUDED."${c}"`).join(",\n    ")},
    "latencyHist" = ${MERGE_HIST}`;

const UPSERT_SPEND = `INSERT INTO "SpendCounter" ("scope", "scopeId", "period", "teamId", "spentMicros")
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
  ON CONFLICT ("scope", "scopeId", "period") DO UPDATE SET "spentMicros" = "SpendCounter"."spentMicros" + EXCLUDED."spentMicros"`;

// Prisma keeps DateTime as timestamp(3) without time zone, in UTC.
const TOUCH_KEYS = `UPDATE "ApiKey" AS k SET "lastUsedAt" = u.at
  FROM (SELECT id, TIMESTAMP '1970-01-01 00:00:00' + ms * INTERVAL '1 millisecond' AS at FROM unnest($1::text[], $2::bigint[]) AS t(id, ms)) AS u
  WHERE k.id = u.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < u.at)`;

function eventColumns(events: readonly UsageEventInput[]): unknown[][] {
  const columns: unknown[][] = EVENT_COLUMNS.map(() => new Array(events.length));
  events.forEach((e, i) => {
    const report = isRequestEvent(e);
    columns[0][i] = e.keyId;
    columns[1][i] = e.teamId;
    columns[2][i] = Math.trunc(e.ts);
    columns[3][i] = e.kind;
    columns[4][i] = e.outcome ?? (report && e.status != null ? statusClass(e.status) : "UNKNOWN");
    columns[5][i] = report ? (e.status ?? null) : null;
    columns[6][i] = report && e.latencyMs != null ? Math.round(e.latencyMs) : null;
    columns[7][i] = report && e.ttftMs != null ? Math.round(e.ttftMs) : null;
    columns[8][i] = e.model ?? null;
    columns[9][i] = report ? (e.inputTokens ?? 0) : 0;
    columns[10][i] = report ? (e.outputTokens ?? 0) : 0;
    columns[11][i] = report ? (e.cacheWriteTokens ?? 0) : 0;
    columns[12][i] = report ? (e.cacheReadTokens ?? 0) : 0;
    columns[13][i] = report ? (e.costMicros ?? 0) : 0;
    columns[14][i] = report && e.fallbackPriced === true;
  });
  return columns;
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rollupColumns(rows: readonly RollupCounters[]): unknown[][] {
  const sorted = [...rows].sort(
    (a, b) => order(a.keyId, b.keyId) || order(a.granularity, b.granularity) || a.bucketStart - b.bucketStart || order(a.model, b.model),
  );
  return ROLLUP_COLUMNS.map((column) =>
    sorted.map((r) => {
      if (column === "latencyHist") return r.latencyHist ? `[${r.latencyHist.join(",")}]` : "[]";
      return r[column as keyof RollupCounters];
    }),
  );
}

/** Already in primary-key order (aggregateSpend sorts). */
function spendColumns(rows: readonly SpendIncrement[]): unknown[][] {
  return [rows.map((r) => r.scope), rows.map((r) => r.scopeId), rows.map((r) => r.period), rows.map((r) => r.teamId), rows.map((r) => r.spentMicros)];
}

export class PostgresUsageWriter {
  constructor(private readonly pool: pg.Pool) {}

  async write(batch: readonly UsageEventInput[]): Promise<PostgresWriteOutcome> {
    const { valid, result } = screenEvents(batch);
    if (valid.length === 0) return result;
    try {
      const { written, orphaned } = await this.transaction(valid);
      return { ...result, written, orphaned };
    } catch (error) {
      if (isPostgresDatabaseLevelError(error)) return { ...result, unwritten: valid, error };
      result.sampleProblem ??= String((error as Error).message ?? error);
    }
    for (let i = 0; i < valid.length; i++) {
      try {
        const { written, orphaned } = await this.transaction([valid[i]]);
        result.written += written;
        result.orphaned += orphaned;
      } catch (error) {
        if (isPostgresDatabaseLevelError(error)) return { ...result, unwritten: valid.slice(i), error };
        result.invalid++;
      }
    }
    return result;
  }

  private async transaction(events: readonly UsageEventInput[]): Promise<{ written: number; orphaned: number }> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query("BEGIN");
      const ids = [...new Set(events.map((e) => e.keyId))];
      const { rows } = await client.query<{ id: string; teamId: string }>(LOCK_KEYS, [ids]);
      const teamOf = new Map(rows.map((k) => [k.id, k.teamId]));
      const live = events.filter((e) => teamOf.get(e.keyId) === e.teamId);
      if (live.length > 0) {
        await client.query(INSERT_EVENTS, eventColumns(live));
        await client.query(UPSERT_ROLLUPS, rollupColumns(aggregateRollups(live)));
        const spend = aggregateSpend(live);
        if (spend.length > 0) await client.query(UPSERT_SPEND, spendColumns(spend));
        // "Last used" never lies in the future, whatever time an event claims (issue 7, item 14).
        const writtenAt = Date.now();
        const lastUsed = new Map<string, number>();
        for (const e of live) if ((lastUsed.get(e.keyId) ?? -Infinity) < e.ts) lastUsed.set(e.keyId, Math.min(Math.trunc(e.ts), writtenAt));
        await client.query(TOUCH_KEYS, [[...lastUsed.keys()], [...lastUsed.values()]]);
      }
      await client.query("COMMIT");
      return { written: live.length, orphaned: events.length - live.length };
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not even roll back is not given back to the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}
