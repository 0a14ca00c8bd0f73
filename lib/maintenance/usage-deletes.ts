/**
 * The bounded deletes of usage rows, in SQL both engines run: quoted
 * "Identifiers", bound parameters, a LIMITed sub-select picking the rows by an
 * index, so each statement touches at most `limit` rows however large the
 * table is.
 *
 * Each statement runs on its own (no interactive transaction): it is atomic by
 * itself, PostgreSQL saves the BEGIN/COMMIT round trips, and on SQLite the
 * adapter wraps a bare write in its own BEGIN IMMEDIATE on the write
 * connection (lib/db-sqlite.ts), so it can never join a request's transaction.
 */
import { db } from "../db";
import type { RollupGranularity } from "../usage/buckets";

/** Every event of a team (deleted teams), by the ("teamId", "ts") index. */
export function deleteTeamEvents(teamId: string, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "UsageEvent" WHERE "id" IN (
      SELECT "id" FROM "UsageEvent" WHERE "teamId" = ${teamId} LIMIT ${limit})`;
}

/** A team's events older than `before` (epoch ms), by the ("teamId", "ts") index. */
export function deleteTeamEventsBefore(teamId: string, before: number, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "UsageEvent" WHERE "id" IN (
      SELECT "id" FROM "UsageEvent" WHERE "teamId" = ${teamId} AND "ts" < ${BigInt(before)} LIMIT ${limit})`;
}

/** Every rollup of a team (deleted teams), by the ("teamId", "granularity", "bucketStart") index. */
export function deleteTeamRollups(teamId: string, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "UsageRollup" WHERE ("keyId", "granularity", "bucketStart", "model") IN (
      SELECT "keyId", "granularity", "bucketStart", "model" FROM "UsageRollup" WHERE "teamId" = ${teamId} LIMIT ${limit})`;
}

/** A team's rollups of one granularity whose bucket starts before `before` (epoch ms). */
export function deleteTeamRollupsBefore(teamId: string, granularity: RollupGranularity, before: number, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "UsageRollup" WHERE ("keyId", "granularity", "bucketStart", "model") IN (
      SELECT "keyId", "granularity", "bucketStart", "model" FROM "UsageRollup"
      WHERE "teamId" = ${teamId} AND "granularity" = ${granularity} AND "bucketStart" < ${BigInt(before)} LIMIT ${limit})`;
}

/**
 * The next team id after `after` that has rows in the table, by the index
 * that starts with "teamId": one index seek per team. Walking teams this way
 * (rather than reading the Team table) also finds rows whose team is gone.
 */
export async function nextTeamWithRows(table: "UsageEvent" | "UsageRollup", after: string): Promise<string | null> {
  const rows =
    table === "UsageEvent"
      ? await db.$queryRaw<{ teamId: string }[]>`
          SELECT "teamId" FROM "UsageEvent" WHERE "teamId" > ${after} ORDER BY "teamId" LIMIT 1`
      : await db.$queryRaw<{ teamId: string }[]>`
          SELECT "teamId" FROM "UsageRollup" WHERE "teamId" > ${after} ORDER BY "teamId" LIMIT 1`;
  return rows[0]?.teamId ?? null;
}

/** Whether any usage row of the team is left (both tables). */
export async function teamHasUsage(teamId: string): Promise<boolean> {
  const [event, rollup] = await Promise.all([
    db.usageEvent.findFirst({ where: { teamId }, select: { id: true } }),
    db.usageRollup.findFirst({ where: { teamId }, select: { keyId: true } }),
  ]);
  return event !== null || rollup !== null;
}
