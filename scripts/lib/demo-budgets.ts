/**
 * Budgets for the demo team, set once its usage is written so the bars show
 * the same picture whatever day of the month the seed runs: the team about
 * 60 % through its monthly budget, the mobile key about 85 % through its own,
 * and the staging key over its budget at the end of last month (its refused
 * verifications are in the traffic). Alerts already sent for the thresholds
 * crossed are recorded, so the alert job does not email the demo addresses.
 */
import type { AuditAction, AuditEntry } from "../../lib/audit/record";
import { periodOf } from "../../lib/budgets/period";
import type { Db } from "../../lib/db";
import { MICROS_PER_USD } from "../../lib/money";
import { policyColumns, type KeyPolicy } from "../../lib/policy/stored-policy";
import type { SeededKey } from "./demo-team";

const CENT = 10_000;
const THRESHOLDS = [50, 80, 100];

/** Two significant figures, at least a cent: $57.3 → $57, $1,234 → $1,200. */
function roundBudget(micros: number): number {
  const step = Math.max(CENT, 10 ** (Math.floor(Math.log10(micros)) - 1));
  return Math.max(CENT, Math.round(micros / step) * step);
}

async function spent(db: Db, scope: "key" | "team", scopeId: string, period: string): Promise<number> {
  const row = await db.spendCounter.findUnique({ where: { scope_scopeId_period: { scope, scopeId, period } } });
  return row ? Number(row.spentMicros) : 0;
}

type Audit = (at: number, entry: Omit<AuditEntry, "teamId"> & { action: AuditAction }) => Promise<unknown>;

export async function applyDemoBudgets(db: Db, options: { teamId: string; teamName: string; keys: Record<string, SeededKey>; now: number; audit: Audit }) {
  const { teamId, keys, now, audit } = options;
  const period = periodOf(now);
  const lastPeriod = periodOf(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 0));
  const alerts: { scope: "key" | "team"; scopeId: string; period: string; budgetMicros: number; spentMicros: number }[] = [];

  const teamSpent = await spent(db, "team", teamId, period);
  const teamBudget = teamSpent > 0 ? roundBudget(teamSpent / 0.6) : 500 * MICROS_PER_USD;
  await db.team.update({ where: { id: teamId }, data: { budgetMicros: BigInt(teamBudget) } });
  await audit(now - 3_600_000, {
    action: "team.budget_changed", targetType: "team", targetId: teamId, targetLabel: options.teamName,
    metadata: { before: { budgetMicros: null }, after: { budgetMicros: teamBudget } },
  });
  alerts.push({ scope: "team", scopeId: teamId, period, budgetMicros: teamBudget, spentMicros: teamSpent });

  const setKeyBudget = async (key: SeededKey, budgetMicros: number) => {
    const after: KeyPolicy = { ...key.policy, budgetMicros };
    await db.apiKey.update({ where: { id: key.id }, data: policyColumns(after) });
    await audit(Math.max(key.createdAt, now - 20 * 86_400_000) + 2 * 3_600_000, {
      action: "key.policy_changed", targetType: "key", targetId: key.id, targetLabel: key.label, metadata: { before: key.policy, after },
    });
    key.policy = after;
  };

  const mobile = keys.mobileNew;
  const mobileSpent = await spent(db, "key", mobile.id, period);
  const mobileBudget = mobileSpent > 0 ? roundBudget(mobileSpent / 0.85) : 100 * MICROS_PER_USD;
  await setKeyBudget(mobile, mobileBudget);
  alerts.push({ scope: "key", scopeId: mobile.id, period, budgetMicros: mobileBudget, spentMicros: mobileSpent });

  // Whole cents at or below last month's spend, so that spend reached it.
  const staging = keys.staging;
  const stagingSpent = await spent(db, "key", staging.id, lastPeriod);
  const stagingBudget = Math.max(CENT, Math.floor(stagingSpent / CENT) * CENT);
  await setKeyBudget(staging, stagingBudget);
  alerts.push({ scope: "key", scopeId: staging.id, period: lastPeriod, budgetMicros: stagingBudget, spentMicros: stagingSpent });
  alerts.push({ scope: "key", scopeId: staging.id, period, budgetMicros: stagingBudget, spentMicros: await spent(db, "key", staging.id, period) });

  const rows = alerts.flatMap((a) =>
    THRESHOLDS.filter((p) => a.spentMicros * 100 >= p * a.budgetMicros).map((threshold) => ({
      teamId, scope: a.scope, scopeId: a.scopeId, period: a.period, threshold,
      budgetMicros: BigInt(a.budgetMicros), spentMicros: BigInt(a.spentMicros), createdAt: new Date(now), emailedAt: new Date(now), attempts: 1,
    })),
  );
  if (rows.length > 0) await db.budgetAlert.createMany({ data: rows });
  return { teamBudget, teamSpent, mobileBudget, mobileSpent, alerts: rows.length };
}
