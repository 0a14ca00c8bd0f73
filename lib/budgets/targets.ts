/**
 * What the alert job looks at: the current period's SpendCounter rows joined
 * to the budget they count against. Driven by the counters (reached through
 * their (teamId, period) index from each team), so keys and teams that spent
 * nothing this month cost nothing, however many there are.
 */
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { microsOf } from "../money";
import { teamBudgetOf } from "../policy/team-budget";
import { effectiveTeamLimits, tighter } from "../policy/team-limits";

export type BudgetScope = "key" | "team";

export type BudgetTarget = {
  scope: BudgetScope;
  scopeId: string;
  teamId: string;
  spentMicros: number;
  /** The team's own budget, or the operator's spend limit for the team when that is tighter. */
  limitMicros: number;
  limitKind: "budget" | "cap";
  thresholds: number[];
};

type CounterRow = {
  scope: string;
  scopeId: string;
  teamId: string;
  spentMicros: bigint | number;
  teamBudget: bigint | number | null;
  teamCap: bigint | number | null;
  alertThresholds: string;
  keyBudget: bigint | number | null;
  revokedAt: Date | string | null;
  expiresAt: Date | string | null;
};

const ended = (at: Date | string | null, now: number) => at !== null && new Date(at).getTime() <= now;

export async function loadBudgetTargets(period: string, now: number): Promise<BudgetTarget[]> {
  const [rows, plan] = await Promise.all([
    db.$queryRaw<CounterRow[]>(Prisma.sql`
      SELECT s."scope", s."scopeId", s."teamId", s."spentMicros",
        t."budgetMicros" AS "teamBudget", t."spendCapMicros" AS "teamCap", t."alertThresholds",
        k."budgetMicros" AS "keyBudget", k."revokedAt", k."expiresAt"
      FROM "Team" t
      JOIN "SpendCounter" s ON s."teamId" = t."id" AND s."period" = ${period}
      LEFT JOIN "ApiKey" k ON s."scope" = 'key' AND k."id" = s."scopeId" AND k."teamId" = t."id"
      WHERE s."spentMicros" > 0 AND (s."scope" = 'team' OR k."budgetMicros" IS NOT NULL)`),
    db.operatorSettings.findUnique({ where: { id: 1 }, select: { defaultSpendCapMicros: true } }),
  ]);
  const defaultCap = plan?.defaultSpendCapMicros ?? null;
  const targets: BudgetTarget[] = [];
  for (const row of rows) {
    const thresholds = teamBudgetOf({ budgetMicros: null, alertThresholds: row.alertThresholds, alertRoles: "[]", alertEmails: "[]" }).alertThresholds;
    const base = { scopeId: row.scopeId, teamId: row.teamId, spentMicros: Number(row.spentMicros), thresholds };
    if (row.scope === "key") {
      // A revoked or expired key is refused anyway; nobody needs to hear about its budget.
      if (row.keyBudget === null || ended(row.revokedAt, now) || ended(row.expiresAt, now)) continue;
      targets.push({ ...base, scope: "key", limitMicros: Number(row.keyBudget), limitKind: "budget" });
    } else if (row.scope === "team") {
      const budget = microsOf(row.teamBudget);
      const cap = effectiveTeamLimits({ rpmLimit: null, tpmLimit: null, spendCapMicros: row.teamCap }, {
        defaultRpmLimit: null,
        defaultTpmLimit: null,
        defaultSpendCapMicros: defaultCap,
      }).spendCapMicros;
      const limit = tighter(budget, cap);
      if (limit === null) continue;
      targets.push({ ...base, scope: "team", limitMicros: limit, limitKind: budget !== null && budget <= limit ? "budget" : "cap" });
    }
  }
  return targets;
}

/** "scope|scopeId|threshold" of every alert already claimed this period. */
export async function loadClaimed(period: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<Array<{ scope: string; scopeId: string; threshold: number | bigint }>>(Prisma.sql`
    SELECT a."scope", a."scopeId", a."threshold"
    FROM "Team" t JOIN "BudgetAlert" a ON a."teamId" = t."id" AND a."period" = ${period}`);
  return new Set(rows.map((r) => claimKey(r.scope, r.scopeId, Number(r.threshold))));
}

export const claimKey = (scope: string, scopeId: string, threshold: number) => `${scope}|${scopeId}|${threshold}`;
