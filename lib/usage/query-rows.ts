/**
 * Reading rollup rows. Every usage chart is drawn from these (never from raw
 * events), so a query touches at most one row per key per bucket whatever the
 * traffic: 30 daily rows for a key's 30-day chart.
 */
import type { Db, Tx } from "../db";
import type { RollupRow } from "./series";
import type { RollupGranularity } from "./buckets";
import { parseHist } from "./latency";

export const rollupSelect = {
  keyId: true,
  bucketStart: true,
  verifications: true,
  valid: true,
  expired: true,
  revoked: true,
  rateLimited: true,
  requests: true,
  status2xx: true,
  status4xx: true,
  status5xx: true,
  latencyCount: true,
  latencySum: true,
  latencyHist: true,
  inputTokens: true,
  outputTokens: true,
} as const;

type StoredRow = Omit<RollupRow, "bucketStart" | "latencyHist"> & { bucketStart: bigint; latencyHist: string };

export function decodeRollup(row: StoredRow): RollupRow {
  return { ...row, bucketStart: Number(row.bucketStart), latencyHist: parseHist(row.latencyHist) };
}

type Span = { granularity: RollupGranularity; from: number; to: number };

export async function keyRollups(client: Db | Tx, keyId: string, span: Span): Promise<RollupRow[]> {
  const rows = await client.usageRollup.findMany({
    where: {
      keyId,
      granularity: span.granularity,
      bucketStart: { gte: BigInt(span.from), lt: BigInt(span.to) },
    },
    select: rollupSelect,
  });
  return rows.map(decodeRollup);
}

export async function teamRollups(client: Db | Tx, teamId: string, span: Span): Promise<RollupRow[]> {
  const rows = await client.usageRollup.findMany({
    where: {
      teamId,
      granularity: span.granularity,
      bucketStart: { gte: BigInt(span.from), lt: BigInt(span.to) },
    },
    select: rollupSelect,
  });
  return rows.map(decodeRollup);
}
