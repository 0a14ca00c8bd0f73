/**
 * The operator's limits in effect for a team: its own override where the
 * operator set one, else the install's default plan (OperatorSettings).
 * null means unlimited. Pure; callers load the rows.
 */
export type TeamLimitFields = { rpmLimit: number | null; tpmLimit: number | null; spendCapMicros: bigint | number | null };
export type PlanDefaults = { defaultRpmLimit: number | null; defaultTpmLimit: number | null; defaultSpendCapMicros: bigint | number | null };

export type EffectiveTeamLimits = {
  rpm: number | null;
  tpm: number | null;
  spendCapMicros: number | null;
  /** Which of the three come from the team's own override rather than the default plan. */
  overridden: { rpm: boolean; tpm: boolean; spendCap: boolean };
};

const num = (v: bigint | number | null): number | null => (v === null ? null : Number(v));

export function effectiveTeamLimits(team: TeamLimitFields, plan: PlanDefaults): EffectiveTeamLimits {
  return {
    rpm: team.rpmLimit ?? plan.defaultRpmLimit,
    tpm: team.tpmLimit ?? plan.defaultTpmLimit,
    spendCapMicros: num(team.spendCapMicros ?? plan.defaultSpendCapMicros),
    overridden: { rpm: team.rpmLimit !== null, tpm: team.tpmLimit !== null, spendCap: team.spendCapMicros !== null },
  };
}

/** The tighter of two optional limits (null = unlimited). */
export function tighter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
