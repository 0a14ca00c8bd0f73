/**
 * Writes usage events: raw UsageEvent rows, the minute/hour/day UsageRollup
 * counters they add up to, and each key's lastUsedAt, all in ONE synchronous
 * better-sqlite3 transaction. Called by the in-memory buffer (buffer.ts) about
 * once a second, and directly by seeding scripts.
 */
import { hotDb, preparedOnce } from "../api/sqlite";
import { aggregateRollups, statusClass, type RollupCounters } from "./rollup";

/**
 * One usage event.
 * - kind "verify": a call to POST /api/v1/keys/verify; `outcome` is the verify
 *   code (VALID | EXPIRED | REVOKED | RATE_LIMITED); status/latency/tokens unused.
 * - kind "report": a request the provider reported via POST /api/v1/usage;
 *   `status` (HTTP code) is required, `outcome` defaults to its class ("2xx", "4xx", "5xx").
 * `ts` is epoch milliseconds (UTC). `teamId` must be the key's team.
 */
export type UsageEventInput = {
  keyId: string;
  teamId: string;
  ts: number;
  kind: "verify" | "report";
  outcome?: string;
  status?: number | null;
  latencyMs?: number | null;
  model?: string | null;
  inputTokens?: number;
  outputTokens?: number;
};

// Multi-row INSERT: one statement step per 50 events instead of per event.
const ROWS_PER_INSERT = 50;
const EVENT_COLUMNS = 10;
const eventInsertSql = (rows: number) =>
  `INSERT INTO UsageEvent (keyId, teamId, ts, kind, outcome, status, latencyMs, model, inputTokens, outputTokens) VALUES ${Array.from({ length: rows }, () => "(?,?,?,?,?,?,?,?,?,?)").join(",")}`;

const insertOne = preparedOnce((db) => db.prepare(eventInsertSql(1)));
const insertMany = preparedOnce((db) => db.prepare(eventInsertSql(ROWS_PER_INSERT)));

const COUNTER_COLUMNS = [
  "verifications", "valid", "expired", "revoked", "rateLimited",
  "requests", "status2xx", "status4xx", "status5xx",
  "latencyCount", "latencySum", "inputTokens", "outputTokens",
] as const satisfies readonly (keyof RollupCounters)[];

const upsertRollup = preparedOnce((db) =>
  db.prepare(
    `INSERT INTO UsageRollup (keyId, teamId, granularity, bucketStart, ${COUNTER_COLUMNS.join(", ")}, latencyHist)
     VALUES (?, ?, ?, ?, ${COUNTER_COLUMNS.map(() => "?").join(", ")}, ?)
     ON CONFLICT(keyId, granularity, bucketStart) DO UPDATE SET
       ${COUNTER_COLUMNS.map((c) => `"${c}" = "${c}" + excluded."${c}"`).join(",\n       ")},
       latencyHist = gatehouse_hist_merge(latencyHist, excluded.latencyHist)`,
  ),
);

// Same text format Prisma's SQLite adapter writes, so string order is time order.
export function prismaDateString(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

const touchKey = preparedOnce((db) =>
  db.prepare(`UPDATE ApiKey SET lastUsedAt = ? WHERE id = ? AND (lastUsedAt IS NULL OR lastUsedAt < ?)`),
);

function pushEvent(params: unknown[], e: UsageEventInput): void {
  const report = e.kind === "report";
  params.push(
    e.keyId,
    e.teamId,
    Math.trunc(e.ts),
    e.kind,
    e.outcome ?? (report && e.status != null ? statusClass(e.status) : "UNKNOWN"),
    report ? (e.status ?? null) : null,
    report && e.latencyMs != null ? Math.round(e.latencyMs) : null,
    report ? (e.model ?? null) : null,
    report ? (e.inputTokens ?? 0) : 0,
    report ? (e.outputTokens ?? 0) : 0,
  );
}

// Same order as COUNTER_COLUMNS, written out: this runs once per rollup row (tens of thousands when seeding).
function rollupParams(r: RollupCounters): unknown[] {
  return [
    r.keyId, r.teamId, r.granularity, r.bucketStart,
    r.verifications, r.valid, r.expired, r.revoked, r.rateLimited,
    r.requests, r.status2xx, r.status4xx, r.status5xx,
    r.latencyCount, r.latencySum, r.inputTokens, r.outputTokens,
    r.latencyHist ? `[${r.latencyHist.join(",")}]` : "[]",
  ];
}

function sortedByTime(events: readonly UsageEventInput[]): readonly UsageEventInput[] {
  for (let i = 1; i < events.length; i++) {
    // Index inserts in time order touch few B-tree pages; random order (bulk seeding) touches many.
    if (events[i].ts < events[i - 1].ts) return [...events].sort((a, b) => a.ts - b.ts);
  }
  return events;
}

function writeBatch(unsorted: readonly UsageEventInput[]): void {
  const events = sortedByTime(unsorted);
  const many = insertMany();
  let i = 0;
  for (; i + ROWS_PER_INSERT <= events.length; i += ROWS_PER_INSERT) {
    const params: unknown[] = [];
    for (let j = i; j < i + ROWS_PER_INSERT; j++) pushEvent(params, events[j]);
    many.run(params);
  }
  const one = insertOne();
  for (; i < events.length; i++) {
    const params: unknown[] = [];
    pushEvent(params, events[i]);
    one.run(params);
  }

  const upsert = upsertRollup();
  for (const row of aggregateRollups(events)) upsert.run(rollupParams(row));

  const lastUsed = new Map<string, number>();
  for (const e of events) if ((lastUsed.get(e.keyId) ?? -Infinity) < e.ts) lastUsed.set(e.keyId, e.ts);
  const touch = touchKey();
  for (const [keyId, ts] of lastUsed) {
    const when = prismaDateString(ts);
    touch.run(when, keyId, when);
  }
}

let transaction: ((events: readonly UsageEventInput[]) => void) | null = null;
let transactionDb: unknown = null;

/**
 * Writes the events, their rollups and lastUsedAt atomically (BEGIN IMMEDIATE,
 * so the write lock is taken up front and never upgraded mid-way). Synchronous;
 * ~100k events take well under a second. Throws on invalid rows; nothing is
 * written then.
 */
export function writeUsageBatch(events: readonly UsageEventInput[]): void {
  if (events.length === 0) return;
  const db = hotDb();
  if (!transaction || transactionDb !== db) {
    transaction = db.transaction(writeBatch).immediate as (events: readonly UsageEventInput[]) => void;
    transactionDb = db;
  }
  transaction(events);
}
