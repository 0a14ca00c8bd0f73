/**
 * Pure rollup maths: which buckets an event lands in, how a batch of events
 * adds up per key per model per bucket, and what it adds to each month's
 * spend. No I/O here; the writers (lib/store/) store the result.
 */
import { periodEnd, periodOf, periodStart } from "../budgets/period";
import { OUTCOME_COLUMNS, OUTCOME_COLUMN_NAMES, type OutcomeColumn } from "../verify/codes";
import { isRequestEvent, type UsageEventInput } from "./events";
import { LATENCY_BIN_COUNT, binFor } from "./latency";

export const GRANULARITIES = ["minute", "hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const BUCKET_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Start of the UTC minute/hour/day holding `ts` (epoch ms). Epoch ms are UTC, so flooring is exact. */
export function bucketStart(ts: number, granularity: Granularity): number {
  const size = BUCKET_MS[granularity];
  return Math.floor(ts / size) * size;
}

/** The outcome strings stored on UsageEvent.outcome for verifications: defined in lib/verify/codes.ts. */
export { VERIFY_OUTCOMES, type VerifyOutcome } from "../verify/codes";

/** Reported events store their status class: "2xx", "4xx", "5xx" (or "1xx"/"3xx"). */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export type RollupCounters = {
  keyId: string;
  teamId: string;
  granularity: Granularity;
  bucketStart: number;
  /** The model the events named; "" when they named none. */
  model: string;
  verifications: number;
} & Record<OutcomeColumn, number> & {
  requests: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  latencyCount: number;
  latencySum: number;
  latencyHist: number[] | null;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** Integer micro-dollars. */
  costMicros: number;
  /** Reported requests priced by the operator's fallback price (model not in the catalogue). */
  fallbackPriced: number;
};

/** Counters held in 32-bit columns, in the order the writers bind them. */
export const ROLLUP_COUNT_COLUMNS = [
  "verifications", ...OUTCOME_COLUMN_NAMES,
  "requests", "status2xx", "status4xx", "status5xx", "latencyCount", "fallbackPriced",
] as const satisfies readonly (keyof RollupCounters)[];
/** Sums that can pass 2^31 in a busy day (BigInt columns). */
export const ROLLUP_SUM_COLUMNS = [
  "latencySum", "inputTokens", "outputTokens", "cacheWriteTokens", "cacheReadTokens", "costMicros",
] as const satisfies readonly (keyof RollupCounters)[];

/** What the aggregation needs of an event. */
export type RollupEvent = UsageEventInput;

const OUTCOME_COLUMN_OF: ReadonlyMap<string, OutcomeColumn> = new Map(Object.entries(OUTCOME_COLUMNS));

function emptyCounters(keyId: string, teamId: string, granularity: Granularity, start: number, model: string): RollupCounters {
  const c = { keyId, teamId, granularity, bucketStart: start, model, verifications: 0 } as RollupCounters;
  for (const column of OUTCOME_COLUMN_NAMES) c[column] = 0;
  c.requests = c.status2xx = c.status4xx = c.status5xx = 0;
  c.latencyCount = c.latencySum = 0;
  c.latencyHist = null;
  c.inputTokens = c.outputTokens = c.cacheWriteTokens = c.cacheReadTokens = c.costMicros = c.fallbackPriced = 0;
  return c;
}

function add(c: RollupCounters, e: RollupEvent, outcome: OutcomeColumn | undefined, latencyBin: number, latency: number): void {
  if (e.kind === "verify") {
    c.verifications++;
    if (outcome !== undefined) c[outcome]++;
    return;
  }
  c.requests++;
  const status = e.status ?? 0;
  if (status >= 200 && status < 300) c.status2xx++;
  else if (status >= 400 && status < 500) c.status4xx++;
  else if (status >= 500 && status < 600) c.status5xx++;
  if (latencyBin >= 0) {
    c.latencyCount++;
    c.latencySum += latency;
    (c.latencyHist ??= new Array<number>(LATENCY_BIN_COUNT).fill(0))[latencyBin]++;
  }
  c.inputTokens += e.inputTokens ?? 0;
  c.outputTokens += e.outputTokens ?? 0;
  c.cacheWriteTokens += e.cacheWriteTokens ?? 0;
  c.cacheReadTokens += e.cacheReadTokens ?? 0;
  c.costMicros += e.costMicros ?? 0;
  if (e.fallbackPriced) c.fallbackPriced++;
}

/**
 * Sums a batch into one row per (key, model, granularity, bucket). Keyed by
 * numbers inside per-key, per-model maps so 100k+ events cost no string
 * building per event.
 */
export function aggregateRollups(events: readonly RollupEvent[]): RollupCounters[] {
  const perKey = new Map<string, Map<string, Map<number, RollupCounters>[]>>();
  for (const e of events) {
    let perModel = perKey.get(e.keyId);
    if (!perModel) perKey.set(e.keyId, (perModel = new Map()));
    const model = e.model ?? "";
    let maps = perModel.get(model);
    if (!maps) perModel.set(model, (maps = GRANULARITIES.map(() => new Map<number, RollupCounters>())));
    const outcome = e.kind === "verify" && e.outcome !== undefined ? OUTCOME_COLUMN_OF.get(e.outcome) : undefined;
    const hasLatency = isRequestEvent(e) && e.latencyMs != null && e.latencyMs >= 0;
    const latency = hasLatency ? Math.round(e.latencyMs!) : 0;
    const latencyBin = hasLatency ? binFor(latency) : -1;
    for (let g = 0; g < GRANULARITIES.length; g++) {
      const granularity = GRANULARITIES[g];
      const size = BUCKET_MS[granularity];
      const start = Math.floor(e.ts / size) * size;
      let counters = maps[g].get(start);
      if (!counters) maps[g].set(start, (counters = emptyCounters(e.keyId, e.teamId, granularity, start, model)));
      add(counters, e, outcome, latencyBin, latency);
    }
  }
  const rows: RollupCounters[] = [];
  for (const perModel of perKey.values()) for (const maps of perModel.values()) for (const map of maps) for (const row of map.values()) rows.push(row);
  return rows;
}

/** What a batch adds to one SpendCounter row: a key's or a team's spend in one UTC month ("2026-12"). */
export type SpendIncrement = { scope: "key" | "team"; scopeId: string; period: string; teamId: string; spentMicros: number };

/**
 * The batch's cost per key and per team per budget period (lib/budgets/period.ts),
 * in primary-key order (scope, scopeId, period) so concurrent writers lock
 * counter rows in one order. Only reported events with a cost count.
 */
export function aggregateSpend(events: readonly RollupEvent[]): SpendIncrement[] {
  const periods = new Map<string, { keys: Map<string, SpendIncrement>; teams: Map<string, SpendIncrement> }>();
  let from = Infinity;
  let to = -Infinity;
  let current: { keys: Map<string, SpendIncrement>; teams: Map<string, SpendIncrement> } | undefined;
  const addTo = (rows: Map<string, SpendIncrement>, scope: "key" | "team", scopeId: string, period: string, e: RollupEvent) => {
    const row = rows.get(scopeId);
    if (row) row.spentMicros += e.costMicros!;
    else rows.set(scopeId, { scope, scopeId, period, teamId: e.teamId, spentMicros: e.costMicros! });
  };
  let period = "";
  for (const e of events) {
    if (!isRequestEvent(e) || !(e.costMicros! > 0)) continue;
    // Batches mostly fall in one month: compute its bounds once, not a Date per event.
    if (e.ts < from || e.ts >= to) {
      from = periodStart(e.ts);
      to = periodEnd(e.ts);
      period = periodOf(e.ts);
      current = periods.get(period);
      if (!current) periods.set(period, (current = { keys: new Map(), teams: new Map() }));
    }
    addTo(current!.keys, "key", e.keyId, period, e);
    addTo(current!.teams, "team", e.teamId, period, e);
  }
  const rows: SpendIncrement[] = [];
  for (const { keys, teams } of periods.values()) rows.push(...keys.values(), ...teams.values());
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => order(a.scope, b.scope) || order(a.scopeId, b.scopeId) || order(a.period, b.period));
}
