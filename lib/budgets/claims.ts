/**
 * Claiming an alert is inserting its BudgetAlert row: the unique
 * (scope, scopeId, period, threshold) lets exactly one insert win, whichever
 * process or replica gets there first, so a threshold fires once per period.
 * Each claim won also queues its `budget.threshold_reached` webhook event in
 * the same transaction (the outbox): one event per threshold, never lost.
 */
import crypto from "node:crypto";
import { db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { microsToUsdText } from "../money";
import { enqueueWebhookEvent } from "../webhooks/outbox";
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

type WonClaim = {
  teamId: string;
  scope: string;
  scopeId: string;
  period: string;
  threshold: number | bigint;
  budgetMicros: number | bigint;
  spentMicros: number | bigint;
};

/** The webhook event of a threshold crossed (docs/webhooks.md). */
function queueThresholdEvent(tx: Tx, claim: WonClaim, now: Date) {
  return enqueueWebhookEvent(
    tx,
    claim.teamId,
    "budget.threshold_reached",
    {
      scope: claim.scope,
      key_id: claim.scope === "key" ? claim.scopeId : null,
      period: claim.period,
      threshold_percent: Number(claim.threshold),
      budget_usd: microsToUsdText(Number(claim.budgetMicros)),
      spent_usd: microsToUsdText(Number(claim.spentMicros)),
    },
    { now },
  );
}

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
    const rows = await db.$transaction(async (tx) => {
      const taken = await tx.$queryRaw<WonClaim[]>(Prisma.sql`
        INSERT INTO "BudgetAlert" ("id", "teamId", "scope", "scopeId", "period", "threshold", "budgetMicros", "spentMicros", "createdAt", "attempts", "lastError")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("scope", "scopeId", "period", "threshold") DO NOTHING
        RETURNING "teamId", "scope", "scopeId", "period", "threshold", "budgetMicros", "spentMicros"`);
      for (const claim of taken) await queueThresholdEvent(tx, claim, claimedAt);
      return taken;
    });
    won += rows.length;
  }
  return won;
}
