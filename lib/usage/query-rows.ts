/**
 * Reading rollup rows. Every usage chart is drawn from these (never from raw
 * events), so a query touches at most one row per key per bucket per model
 * whatever the traffic: 30 daily rows per model for a key's 30-day chart.
 */
import { Prisma } from "../generated/prisma/client";
import type { Db, Tx } from "../db";
import type { RollupRow } from "./series";
import type { RollupGranularity } from "./buckets";
import { parseHist } from "./latency";
import { ROLLUP_COUNT_COLUMNS, ROLLUP_SUM_COLUMNS } from "./rollup";

const NUMBER_COLUMNS = [...ROLLUP_COUNT_COLUMNS, ...ROLLUP_SUM_COLUMNS];
const COLUMNS = Prisma.raw(
  ["keyId", "bucketStart", "model", "latencyHist", ...NUMBER_COLUMNS].map((c) => `"${c}"`).join(", "),
);

// Raw SQL rather than findMany: the same indexed range read, several times
// faster through the driver adapter (no per-row result mapping), and plain
// enough SQL for both SQLite and PostgreSQL. Rows stay one per key × bucket ×
// model: the per-model breakdowns need them, and every sum (lib/usage/series.ts)
// adds them up, so two models in one bucket count twice, never once.
type StoredRow = { keyId: string; model: string; bucketStart: bigint | number; latencyHist: string } & Record<
  (typeof NUMBER_COLUMNS)[number],
  bigint | number | null
>;

const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

export function decodeRollup(row: StoredRow): RollupRow {
  const decoded = { keyId: row.keyId, model: row.model ?? "", bucketStart: num(row.bucketStart), latencyHist: parseHist(row.latencyHist) } as RollupRow;
  for (const column of NUMBER_COLUMNS) decoded[column] = num(row[column]);
  return decoded;
}

type Span = { granularity: RollupGranularity; from: number; to: number };

export async function keyRollups(client: Db | Tx, keyId: string, span: Span): Promise<RollupRow[]> {
  const rows = await client.$queryRaw<StoredRow[]>`
    SELECT ${COLUMNS} FROM "UsageRollup"
    WHERE "keyId" = ${keyId} AND "granularity" = ${span.granularity}
      AND "bucketStart" >= ${BigInt(span.from)} AND "bucketStart" < ${BigInt(span.to)}`;
  return rows.map(decodeRollup);
}

export async function teamRollups(client: Db | Tx, teamId: string, span: Span): Promise<RollupRow[]> {
  const rows = await client.$queryRaw<StoredRow[]>`
    SELECT ${COLUMNS} FROM "UsageRollup"
    WHERE "teamId" = ${teamId} AND "granularity" = ${span.granularity}
      AND "bucketStart" >= ${BigInt(span.from)} AND "bucketStart" < ${BigInt(span.to)}`;
  return rows.map(decodeRollup);
}
