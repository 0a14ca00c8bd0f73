import type { Actor } from "../actor";
import { periodOf } from "../budgets/period";
import { db } from "../db";
import { requireOperator } from "./operators";

export type OperatorOverview = {
  models: { total: number; enabled: number };
  teams: { total: number; suspended: number; overridden: number };
  serviceTokens: { active: number; unused: number };
  monthToDateMicros: number;
  lastChange: { action: string; targetLabel: string; createdAt: Date; actorEmail: string } | null;
};

/** The numbers the Operator area's front page shows. */
export async function getOperatorOverview(actor: Actor, now = Date.now()): Promise<OperatorOverview> {
  await requireOperator(actor);
  const live = { OR: [{ revokedAt: null }, { revokedAt: { gt: new Date(now) } }] };
  const [models, enabled, teams, suspended, overridden, active, unused, spend, last] = await Promise.all([
    db.model.count(),
    db.model.count({ where: { enabled: true } }),
    db.team.count(),
    db.team.count({ where: { suspendedAt: { not: null } } }),
    db.team.count({ where: { OR: [{ rpmLimit: { not: null } }, { tpmLimit: { not: null } }, { spendCapMicros: { not: null } }] } }),
    db.serviceToken.count({ where: live }),
    db.serviceToken.count({ where: { ...live, lastUsedAt: null } }),
    db.spendCounter.aggregate({ where: { scope: "team", period: periodOf(now) }, _sum: { spentMicros: true } }),
    db.operatorAuditLog.findFirst({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { action: true, targetLabel: true, createdAt: true, actorEmail: true } }),
  ]);
  return {
    models: { total: models, enabled },
    teams: { total: teams, suspended, overridden },
    serviceTokens: { active, unused },
    monthToDateMicros: Number(spend._sum.spentMicros ?? 0),
    lastChange: last,
  };
}
