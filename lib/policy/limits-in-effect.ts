import type { Tx } from "../db";
import { formatUsd, microsOf } from "../money";
import type { KeyPolicyValues } from "./schemas";
import { effectiveTeamLimits, type EffectiveTeamLimits } from "./team-limits";

/** The ceiling a key's policy must fit under: the operator's limits for the team, and the team's own budget. */
export type TeamCeiling = EffectiveTeamLimits & { budgetMicros: number | null };

export async function loadTeamCeiling(tx: Tx, teamId: string): Promise<TeamCeiling> {
  const [team, plan] = await Promise.all([
    tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { rpmLimit: true, tpmLimit: true, spendCapMicros: true, budgetMicros: true } }),
    tx.operatorSettings.findUnique({ where: { id: 1 } }),
  ]);
  const limits = effectiveTeamLimits(team, {
    defaultRpmLimit: plan?.defaultRpmLimit ?? null,
    defaultTpmLimit: plan?.defaultTpmLimit ?? null,
    defaultSpendCapMicros: plan?.defaultSpendCapMicros ?? null,
  });
  return { ...limits, budgetMicros: microsOf(team.budgetMicros) };
}

/**
 * Field errors for the parts of a policy above the team's ceiling, keyed
 * `${prefix}rpmLimit` and so on, so a form can show each one by its field.
 * Limits the team has none of constrain nothing.
 */
export function policyAboveCeiling(policy: KeyPolicyValues, ceiling: TeamCeiling, prefix = "policy."): Record<string, string> {
  const errors: Record<string, string> = {};
  const count = (n: number) => n.toLocaleString("en-US");
  if (policy.rpmLimit !== null && ceiling.rpm !== null && policy.rpmLimit > ceiling.rpm) {
    errors[`${prefix}rpmLimit`] = `At most ${count(ceiling.rpm)}, this team's limit.`;
  }
  if (policy.tpmLimit !== null && ceiling.tpm !== null && policy.tpmLimit > ceiling.tpm) {
    errors[`${prefix}tpmLimit`] = `At most ${count(ceiling.tpm)}, this team's limit.`;
  }
  if (policy.budgetMicros !== null) {
    const { budgetMicros: team, spendCapMicros: cap } = ceiling;
    if (team !== null && policy.budgetMicros > team && (cap === null || team <= cap)) {
      errors[`${prefix}budget`] = `At most ${formatUsd(team)}, the team's monthly budget.`;
    } else if (cap !== null && policy.budgetMicros > cap) {
      errors[`${prefix}budget`] = `At most ${formatUsd(cap)}, this team's monthly spend limit.`;
    }
  }
  return errors;
}
