import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { lockApiKey } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { requireManageableKey } from "./access";
import { policyOf } from "../policy/stored-policy";
import { insertKey, keyLabel } from "./create";
import type { Environment } from "./format";
import { findKeySummary, type ApiKeySummary } from "./queries";
import { OVERLAP_MS, parseInput, rotateApiKeySchema, type RotateApiKeyInput } from "./schemas";
import { keyStatus } from "./status";

export type RotatedApiKey = {
  /** The replacement; its `secret` exists only in this value. */
  key: ApiKeySummary;
  secret: string;
  /** The old key, now revoked or in its overlap window. */
  previous: ApiKeySummary;
  /** When the old secret stops working (equal to the rotation time for overlap "none"). */
  oldSecretValidUntil: Date;
};

/**
 * Replaces a key's secret: a new key with the same name, environment and
 * expiry, while the old one keeps working for the chosen overlap so clients
 * can switch over without downtime.
 */
export async function rotateApiKey(actor: Actor, input: RotateApiKeyInput): Promise<RotatedApiKey> {
  const rotated = await db.$transaction(async (tx) => {
    const { teamId, keyId, overlap } = parseInput(rotateApiKeySchema, input);
    // Before reading the key: a revocation committed meanwhile must be seen, or this rotation
    // would set revokedAt into the future again and bring a revoked key back (lib/row-lock.ts).
    await lockApiKey(tx, teamId, keyId);
    const { key: old } = await requireManageableKey(tx, actor, teamId, keyId, "rotate");
    const now = new Date();

    if (old.rotatedToId) throw new AppError("CONFLICT", "This key was already rotated. Rotate its replacement instead.");
    const status = keyStatus(old, now);
    if (status === "revoked") throw new AppError("CONFLICT", "Revoked keys can't be rotated. Create a new key instead.");
    if (status === "expired") throw new AppError("CONFLICT", "Expired keys can't be rotated. Create a new key instead.");

    const { row: created, secret } = await insertKey(tx, {
      teamId,
      name: old.name,
      environment: old.environment as Environment,
      expiresAt: old.expiresAt,
      createdById: actor.userId,
      createdByAdminKeyId: actor.adminKey?.id ?? null,
      // The replacement is governed exactly like the key it replaces.
      policy: policyOf(old),
    });
    const oldSecretValidUntil = new Date(now.getTime() + OVERLAP_MS[overlap]);
    // Conditional on "not rotated, not revoked" as well: the invariant stays in the write itself.
    const { count } = await tx.apiKey.updateMany({
      where: { id: old.id, rotatedToId: null, revokedAt: null },
      data: { revokedAt: oldSecretValidUntil, rotatedToId: created.id },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This key was already rotated. Rotate its replacement instead.");

    await recordAudit(tx, actor, {
      teamId,
      action: "key.rotated",
      targetType: "key",
      targetId: old.id,
      targetLabel: keyLabel(old),
      metadata: {
        name: old.name,
        environment: old.environment,
        newKeyId: created.id,
        newKeyPrefix: created.prefix,
        overlap,
        oldSecretValidUntil: oldSecretValidUntil.toISOString(),
      },
    });
    return {
      key: await findKeySummary(tx, teamId, created.id, now),
      secret,
      previous: await findKeySummary(tx, teamId, old.id, now),
      oldSecretValidUntil,
    };
  });
  // After the commit: a process that caches key lookups forgets the old key before we answer.
  announceKeyChange({ keyIds: [rotated.previous.id] });
  return rotated;
}
