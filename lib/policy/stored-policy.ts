import type { Tx } from "../db";
import { invalid } from "../errors";
import { microsOf } from "../money";
import { stringList } from "../store/key-row";
import { loadTeamCeiling, policyAboveCeiling } from "./limits-in-effect";
import type { KeyPolicyValues } from "./schemas";

/** A key's policy as the console shows it. allowedModels null: every enabled model; ipAllowlist empty: any address. */
export type KeyPolicy = KeyPolicyValues;

export const OPEN_POLICY: KeyPolicy = { allowedModels: null, rpmLimit: null, tpmLimit: null, budgetMicros: null, ipAllowlist: [] };

type PolicyColumns = {
  allowedModels: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  budgetMicros: bigint | number | null;
  ipAllowlist: string;
};


export function policyOf(row: PolicyColumns): KeyPolicy {
  return {
    allowedModels: stringList(row.allowedModels),
    rpmLimit: row.rpmLimit,
    tpmLimit: row.tpmLimit,
    budgetMicros: microsOf(row.budgetMicros),
    ipAllowlist: stringList(row.ipAllowlist) ?? [],
  };
}

/** The ApiKey columns for a policy (lists as JSON text, money as BigInt). */
export function policyColumns(policy: KeyPolicy) {
  return {
    allowedModels: policy.allowedModels === null ? null : JSON.stringify(policy.allowedModels),
    rpmLimit: policy.rpmLimit,
    tpmLimit: policy.tpmLimit,
    budgetMicros: policy.budgetMicros === null ? null : BigInt(policy.budgetMicros),
    ipAllowlist: JSON.stringify(policy.ipAllowlist),
  };
}

/**
 * Refuses, with field errors under `policy.`, a policy naming models the
 * catalogue does not offer or limits above the team's ceiling. A model the
 * key already allows may stay after the operator turns it off (verify
 * refuses it anyway), so an unrelated edit does not fail on it.
 */
export async function assertPolicyFitsTeam(tx: Tx, teamId: string, policy: KeyPolicy, current: KeyPolicy = OPEN_POLICY): Promise<void> {
  const errors: Record<string, string> = {};
  if (policy.allowedModels !== null) {
    const kept = new Set(current.allowedModels ?? []);
    const enabled = await tx.model.findMany({ where: { id: { in: policy.allowedModels }, enabled: true }, select: { id: true } });
    const known = new Set(enabled.map((m) => m.id));
    const unknown = policy.allowedModels.filter((id) => !known.has(id) && !kept.has(id));
    if (unknown.length > 0) {
      errors["policy.allowedModels"] = `${unknown.slice(0, 3).join(", ")}${unknown.length > 3 ? "…" : ""} ${unknown.length === 1 ? "isn't a model" : "aren't models"} the provider offers.`;
    }
  }
  Object.assign(errors, policyAboveCeiling(policy, await loadTeamCeiling(tx, teamId)));
  const first = Object.values(errors)[0];
  if (first) throw invalid(first, errors);
}

export function samePolicy(a: KeyPolicy, b: KeyPolicy): boolean {
  return JSON.stringify(policyColumns(a), (_, v) => (typeof v === "bigint" ? String(v) : v)) ===
    JSON.stringify(policyColumns(b), (_, v) => (typeof v === "bigint" ? String(v) : v));
}
