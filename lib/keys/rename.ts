import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { lockApiKey } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { idSchema, teamIdOf } from "../validation";
import { requireManageableKey } from "./access";
import { keyLabel } from "./create";
import { findKeySummary, type ApiKeySummary } from "./queries";
import { keyNameSchema, parseInput } from "./schemas";

export const renameApiKeySchema = z.object({ teamId: idSchema("team"), keyId: idSchema("key"), name: keyNameSchema });
export type RenameApiKeyInput = z.input<typeof renameApiKeySchema>;

/**
 * Renames a key: whoever may revoke it (owners and admins any key, developers
 * their own). A revoked key may be renamed too: the name is only a label, and
 * its history reads better with the right one. The same name changes nothing
 * and audits nothing.
 */
export async function renameApiKey(actor: Actor, input: RenameApiKeyInput): Promise<ApiKeySummary> {
  const teamId = teamIdOf(input);
  const result = await db.$transaction(async (tx) => {
    // Membership before validation: strangers learn nothing, not even which fields are wrong.
    await requireMembership(tx, actor, teamId, "keys.manageOwn");
    const { keyId, name } = parseInput(renameApiKeySchema, input);
    await lockApiKey(tx, teamId, keyId);
    const { key } = await requireManageableKey(tx, actor, teamId, keyId, "rename");
    const now = new Date();
    if (key.name === name) return { key: await findKeySummary(tx, teamId, key.id, now), changed: false };

    await tx.apiKey.update({ where: { id: key.id }, data: { name } });
    await recordAudit(tx, actor, {
      teamId,
      action: "key.updated",
      targetType: "key",
      targetId: key.id,
      targetLabel: keyLabel({ ...key, name }),
      metadata: { before: { name: key.name }, after: { name } },
    });
    return { key: await findKeySummary(tx, teamId, key.id, now), changed: true };
  });
  // After the commit: a process that caches key lookups reloads the key (its name is in the row).
  if (result.changed) announceKeyChange({ keyIds: [result.key.id] });
  return result.key;
}

