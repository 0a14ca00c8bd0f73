import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { lockApiKey } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { requireManageableKey } from "./access";
import { keyLabel } from "./create";
import { findKeySummary, type ApiKeySummary } from "./queries";
import { parseInput, revokeApiKeySchema, type RevokeApiKeyInput } from "./schemas";

/**
 * Revokes a key immediately. A key still inside a rotation's overlap window
 * can be revoked too: that cuts the window short.
 */
export async function revokeApiKey(actor: Actor, input: RevokeApiKeyInput): Promise<ApiKeySummary> {
  const revoked = await db.$transaction(async (tx) => {
    const { teamId, keyId } = parseInput(revokeApiKeySchema, input);
    // Before reading the key, so a rotation committed meanwhile is seen (and cut short, and audited as such).
    await lockApiKey(tx, teamId, keyId);
    const { key } = await requireManageableKey(tx, actor, teamId, keyId, "revoke");
    const now = new Date();
    if (key.revokedAt && key.revokedAt <= now) throw new AppError("CONFLICT", "This key is already revoked.");

    // Conditional update so two concurrent revokes cannot both succeed and double-audit.
    const { count } = await tx.apiKey.updateMany({
      where: { id: key.id, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
      data: { revokedAt: now },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This key is already revoked.");

    await recordAudit(tx, actor, {
      teamId,
      action: "key.revoked",
      targetType: "key",
      targetId: key.id,
      targetLabel: keyLabel(key),
      metadata: {
        name: key.name,
        environment: key.environment,
        ...(key.revokedAt ? { cutRotationShort: true, previousRevokedAt: key.revokedAt.toISOString() } : {}),
      },
    });
    return findKeySummary(tx, teamId, key.id, now);
  });
  // After the commit: a process that caches key lookups forgets this key before we answer.
  announceKeyChange({ keyIds: [revoked.id] });
  return revoked;
}
