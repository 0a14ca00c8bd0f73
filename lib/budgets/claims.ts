/**
 * Claiming an alert is inserting its BudgetAlert row: the unique
 * (scope, scopeId, period, threshold) lets exactly one insert win, whichever
 * process or replica gets there first, so a threshold fires once per period.
 */
import crypto from "node:crypto";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { BudgetScope } from "./targets";

export type NewClaim = {
  teamId: string;
  scope: BudgetScope;
  scopeId: string;
  period: string;
  threshold: number;
  limitMicros: number;
  spentMicros: number;
};

const CHUNK = 100;

/** Inserts the claims that nobody holds yet; returns how many this call won. */
export async function insertClaims(claims: readonly NewClaim[], now: number): Promise<number> {
  let won = 0;
  const claimedAt = new Date(now);
  for (let i = 0; i < claims.length; i += CHUNK) {
    const values = claims.slice(i, i + CHUNK).map(
      (c) => Prisma.sql`(${crypto.randomUUID()}, ${c.teamId}, ${c.scope}, ${c.scopeId}, ${c.period}, ${c.threshold},
        ${BigInt(c.limitMicros)}, ${BigInt(c.spentMicros)}, ${claimedAt}, 0, '')`,
    );
    // In a transaction: on SQLite a bare raw write could otherwise join another request's open one.
    const rows = await db.$transaction((tx) =>
      tx.$queryRaw<Array<{ id: string }>>(Prisma.sql`
        INSERT INTO "BudgetAlert" ("id", "teamId", "scope", "scopeId", "period", "threshold", "budgetMicros", "spentMicros", "createdAt", "attempts", "lastError")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("scope", "scopeId", "period", "threshold") DO NOTHING
        RETURNING "id"`),
    );
    won += rows.length;
  }
  return won;
}
