/** Test data for budget alerts and the banner, through the real database. */
import crypto from "node:crypto";
import { vi } from "vitest";
import { db } from "../db";
import { MICROS_PER_USD } from "../money";
import { makeTeam } from "../testing/factories";
import { periodOf } from "./period";

export const usd = (n: number) => Math.round(n * MICROS_PER_USD);

/** Mid-December 2026, UTC. */
export const DEC_10 = Date.UTC(2026, 11, 10, 12);

export async function budgetTeam(name: string, budgetUsd: number | null, extra: { alertRoles?: string[]; alertEmails?: string[]; alertThresholds?: number[] } = {}) {
  const made = await makeTeam();
  const team = await db.team.update({
    where: { id: made.team.id },
    data: {
      name,
      budgetMicros: budgetUsd === null ? null : BigInt(usd(budgetUsd)),
      ...(extra.alertRoles ? { alertRoles: JSON.stringify(extra.alertRoles) } : {}),
      ...(extra.alertEmails ? { alertEmails: JSON.stringify(extra.alertEmails) } : {}),
      ...(extra.alertThresholds ? { alertThresholds: JSON.stringify(extra.alertThresholds) } : {}),
    },
  });
  return { ...made, team };
}

export async function budgetKey(teamId: string, name: string, budgetUsd: number | null, createdById: string | null = null, extra: { revokedAt?: Date } = {}) {
  return db.apiKey.create({
    data: {
      teamId,
      name,
      environment: "production",
      prefix: "gk_live_",
      last4: "abcd",
      hash: crypto.randomBytes(16).toString("hex"),
      createdById,
      budgetMicros: budgetUsd === null ? null : BigInt(usd(budgetUsd)),
      ...extra,
    },
  });
}

/** Sets a month's spend as the usage writers would have counted it. */
export async function setSpend(scope: "key" | "team", scopeId: string, teamId: string, spentUsd: number, at = DEC_10) {
  const period = periodOf(at);
  const spentMicros = BigInt(usd(spentUsd));
  await db.spendCounter.upsert({
    where: { scope_scopeId_period: { scope, scopeId, period } },
    create: { scope, scopeId, period, teamId, spentMicros },
    update: { spentMicros },
  });
}

export async function alertRows(scopeId: string) {
  const rows = await db.budgetAlert.findMany({ where: { scopeId }, orderBy: [{ period: "asc" }, { threshold: "asc" }] });
  return rows.map((r) => ({ period: r.period, threshold: r.threshold, emailed: r.emailedAt !== null, attempts: r.attempts, lastError: r.lastError }));
}

export function quietLog() {
  return { log: vi.fn(), error: vi.fn() };
}
