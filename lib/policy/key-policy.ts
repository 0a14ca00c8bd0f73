import type { Actor } from "../actor";
import { recordAudit, type AuditAction } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireManageableKey } from "../keys/access";
import { canManageKey } from "../keys/can-manage";
import { keyLabel } from "../keys/create";
import { requireMembership } from "../membership";
import { ROLE_LABELS } from "../permissions";
import { lockApiKey } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { idSchema, parseInput, teamIdOf } from "../validation";
import { loadTeamCeiling, type TeamCeiling } from "./limits-in-effect";
import { setKeyPolicySchema, type SetKeyPolicyInput } from "./schemas";
import { assertPolicyFitsTeam, policyColumns, policyOf, samePolicy, type KeyPolicy } from "./stored-policy";

export type PolicyModel = { id: string; displayName: string; enabled: boolean };

export type KeyPolicyView = {
  keyId: string;
  policy: KeyPolicy;
  /** Whether the caller may change it; when not, `readOnlyReason` says why. */
  canEdit: boolean;
  readOnlyReason: string | null;
  ceiling: TeamCeiling;
  /** The catalogue's enabled models, and any the key allows that the operator turned off or removed since. */
  models: PolicyModel[];
};


function isRevoked(key: { revokedAt: Date | null }, now: Date): boolean {
  return key.revokedAt !== null && key.revokedAt <= now;
}

/** A key's policy for its page, readable by every member (billing viewers included). */
export async function getKeyPolicy(actor: Actor, input: { teamId: string; keyId: string }): Promise<KeyPolicyView> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, actor, teamId, "keys.read");
    const keyId = parseInput(idSchema("key"), input.keyId);
    const key = await tx.apiKey.findFirst({ where: { id: keyId, teamId } });
    if (!key) throw new AppError("NOT_FOUND", "API key not found.");
    const policy = policyOf(key);
    const [ceiling, catalogue] = await Promise.all([
      loadTeamCeiling(tx, teamId),
      tx.model.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, displayName: true, enabled: true } }),
    ]);
    const allowed = new Set(policy.allowedModels ?? []);
    const models: PolicyModel[] = catalogue.filter((m) => m.enabled || allowed.has(m.id));
    for (const id of allowed) if (!catalogue.some((m) => m.id === id)) models.push({ id, displayName: id, enabled: false });

    let readOnlyReason: string | null = null;
    if (isRevoked(key, new Date())) readOnlyReason = "This key is revoked, so its policy no longer changes.";
    else if (!canManageKey(membership.role, actor.userId, key)) {
      readOnlyReason =
        membership.role === "billing"
          ? `${ROLE_LABELS.billing}s can see policies but not change them.`
          : "Developers can change the policy of keys they created. Ask an owner or admin to change this one.";
    }
    return { keyId: key.id, policy, canEdit: readOnlyReason === null, readOnlyReason, ceiling, models };
  });
}

/**
 * Replaces a key's policy: owners and admins on any key, developers on keys
 * they created, always within the team's limits. Revoked keys keep theirs.
 */
export async function setKeyPolicy(actor: Actor, input: SetKeyPolicyInput): Promise<KeyPolicy> {
  const teamId = teamIdOf(input);
  const result = await db.$transaction(async (tx) => {
    // Permission before validation: a stranger learns nothing, not even which fields are wrong.
    await requireMembership(tx, actor, teamId, "keys.manageOwn");
    const { keyId, policy } = parseInput(setKeyPolicySchema, input);
    // Before reading the key: a revocation committed meanwhile must be seen (lib/row-lock.ts).
    await lockApiKey(tx, teamId, keyId);
    const { key } = await requireManageableKey(tx, actor, teamId, keyId, "change the policy of");
    if (isRevoked(key, new Date())) throw new AppError("CONFLICT", "This key is revoked, so its policy can't change.");

    const before = policyOf(key);
    await assertPolicyFitsTeam(tx, teamId, policy, before);
    if (samePolicy(before, policy)) return { policy, keyId: key.id, changed: false };

    await tx.apiKey.update({ where: { id: key.id }, data: policyColumns(policy) });
    await recordAudit(tx, actor, {
      teamId,
      action: "key.policy_changed",
      targetType: "key",
      targetId: key.id,
      targetLabel: keyLabel(key),
      metadata: { before, after: policy },
    });
    return { policy, keyId: key.id, changed: true };
  });
  // After the commit: a store that caches key lookups reloads this key before we answer.
  if (result.changed) announceKeyChange({ keyIds: [result.keyId] });
  return result.policy;
}
