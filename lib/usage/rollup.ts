/**
 * Pure rollup maths: which buckets an event lands in and how a batch of
 * events adds up per key per bucket. No I/O here; ingest.ts writes the result.
 */
import type { UsageEventInput } from "./events";
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
  verifications: number;
  valid: number;
  expired: number;
  revoked: number;
  rateLimited: number;
  requests: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  latencyCount: number;
  latencySum: number;
  latencyHist: number[] | null;
  inputTokens: number;
  outputTokens: number;
};

/** What the aggregation needs of an event. */
export type RollupEvent = Omit<UsageEventInput, "model">;

function emptyCounters(keyId: string, teamId: string, granularity: Granularity, start: number): RollupCounters {
  return {
    keyId, teamId, granularity, bucketStart: start,
    verifications: 0, valid: 0, expired: 0, revoked: 0, rateLimited: 0,
    requests: 0, status2xx: 0, status4xx: 0, status5xx: 0,
    latencyCount: 0, latencySum: 0, latencyHist: null, inputTokens: 0, outputTokens: 0,
  };
}

function add(c: RollupCounters, e: RollupEvent, latencyBin: number, latency: number): void {
  if (e.kind === "verify") {
    c.verifications++;
    if (e.outcome === "VALID") c.valid++;
    else if (e.outcome === "EXPIRED") c.expired++;
    else if (e.outcome === "REVOKED") c.revoked++;
    else if (e.outcome === "RATE_LIMITED") c.rateLimited++;
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
}

/**
 * Sums a batch into one row per (key, granularity, bucket). Keyed by numbers
 * inside a per-key map so 100k+ events cost no string building per event.
 */
export function aggregateRollups(events: readonly RollupEvent[]): RollupCounters[] {
  const perKey = new Map<string, Map<number, RollupCounters>[]>();
  for (const e of events) {
    let maps = perKey.get(e.keyId);
    if (!maps) {
      maps = GRANULARITIES.map(() => new Map<number, RollupCounters>());
      perKey.set(e.keyId, maps);
    }
    const hasLatency = e.kind === "report" && e.latencyMs != null && e.latencyMs >= 0;
    const latency = hasLatency ? Math.round(e.latencyMs!) : 0;
    const latencyBin = hasLatency ? binFor(latency) : -1;
    for (let g = 0; g < GRANULARITIES.length; g++) {
      const granularity = GRANULARITIES[g];
      const size = BUCKET_MS[granularity];
      const start = Math.floor(e.ts / size) * size;
      let counters = maps[g].get(start);
      if (!counters) {
        counters = emptyCounters(e.keyId, e.teamId, granularity, start);
        maps[g].set(start, counters);
      }
      add(counters, e, latencyBin, latency);
    }
  }
  const rows: RollupCounters[] = [];
  for (const maps of perKey.values()) for (const map of maps) for (const row of map.values()) rows.push(row);
  return rows;
}
