import type { Actor } from "../actor";
import { recordAudit, type AuditAction } from "../audit/record";
import { db, type Tx } from "../db";
import { invalid } from "../errors";
import { formatUsd, microsOf } from "../money";
import { requireMembership } from "../membership";
import { can } from "../permissions";
import { lockTeam } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { parseInput, teamIdOf } from "../validation";
import { loadTeamCeiling, type TeamCeiling } from "./limits-in-effect";
import { ALERT_ROLES, DEFAULT_ALERT_THRESHOLDS, teamBudgetSchema, type AlertRole, type TeamBudgetInput } from "./schemas";

export type TeamBudget = {
  budgetMicros: number | null;
  alertThresholds: number[];
  alertRoles: AlertRole[];
  alertEmails: string[];
};

export type TeamBudgetView = TeamBudget & { ceiling: TeamCeiling; canEdit: boolean };


function jsonArray(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The stored settings, read leniently: what cannot be read falls back to the defaults. */
export function teamBudgetOf(team: { budgetMicros: bigint | null; alertThresholds: string; alertRoles: string; alertEmails: string }): TeamBudget {
  const thresholds = jsonArray(team.alertThresholds)?.filter((n): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 100);
  const roles = jsonArray(team.alertRoles);
  return {
    budgetMicros: microsOf(team.budgetMicros),
    alertThresholds: thresholds && thresholds.length > 0 ? [...thresholds].sort((a, b) => a - b) : DEFAULT_ALERT_THRESHOLDS,
    alertRoles: roles ? ALERT_ROLES.filter((r) => roles.includes(r)) : [...ALERT_ROLES],
    alertEmails: (jsonArray(team.alertEmails) ?? []).filter((e): e is string => typeof e === "string"),
  };
}

const BUDGET_SELECT = { budgetMicros: true, alertThresholds: true, alertRoles: true, alertEmails: true, name: true } as const;

async function readBudget(tx: Tx, teamId: string) {
  return tx.team.findUniqueOrThrow({ where: { id: teamId }, select: BUDGET_SELECT });
}

/** The team's budget, alert recipients and the operator's limits for it; every member may read them. */
export async function getTeamBudget(actor: Actor, teamId: string): Promise<TeamBudgetView> {
  return db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, actor, teamIdOf({ teamId }));
    const [team, ceiling] = await Promise.all([readBudget(tx, membership.teamId), loadTeamCeiling(tx, membership.teamId)]);
    return { ...teamBudgetOf(team), ceiling, canEdit: can(membership.role, "team.budget") };
  });
}

/** Sets the team's monthly budget (within the operator's spend cap) and who is alerted (owners and admins). */
export async function setTeamBudget(actor: Actor, input: TeamBudgetInput): Promise<TeamBudget> {
  const teamId = teamIdOf(input);
  const result = await db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireMembership(tx, actor, teamId, "team.budget");
    const after = parseInput(teamBudgetSchema, input);
    const { spendCapMicros: cap } = await loadTeamCeiling(tx, teamId);
    if (after.budget !== null && cap !== null && after.budget > cap) {
      const message = `At most ${formatUsd(cap)}, this team's monthly spend limit.`;
      throw invalid(message, { budget: message });
    }
    const team = await readBudget(tx, teamId);
    const before = teamBudgetOf(team);
    const next: TeamBudget = {
      budgetMicros: after.budget,
      alertThresholds: after.alertThresholds,
      alertRoles: after.alertRoles,
      alertEmails: after.alertEmails,
    };
    if (JSON.stringify(before) === JSON.stringify(next)) return { budget: next, changed: false };

    await tx.team.update({
      where: { id: teamId },
      data: {
        budgetMicros: next.budgetMicros === null ? null : BigInt(next.budgetMicros),
        alertThresholds: JSON.stringify(next.alertThresholds),
        alertRoles: JSON.stringify(next.alertRoles),
        alertEmails: JSON.stringify(next.alertEmails),
      },
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "team.budget_changed",
      targetType: "team",
      targetId: teamId,
      targetLabel: team.name,
      metadata: { before, after: next },
    });
    return { budget: next, changed: true };
  });
  // Every key of the team checks the team budget on verify.
  if (result.changed) announceKeyChange({ teamIds: [teamId] });
  return result.budget;
}
