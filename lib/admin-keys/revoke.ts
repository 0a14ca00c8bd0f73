import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { parseInput } from "../validation";
import { adminKeyLabel } from "./create";
import { findAdminKeySummary, type AdminKeySummary } from "./list";
import { revokeAdminKeySchema, type RevokeAdminKeyInput } from "./schemas";

/** Revokes an admin key at once: the Admin API looks the key up on every request, so its next call is refused. */
export async function revokeAdminKey(actor: Actor, input: RevokeAdminKeyInput): Promise<AdminKeySummary> {
  return db.$transaction(async (tx) => {
    const { teamId, adminKeyId } = parseInput(revokeAdminKeySchema, input);
    await requireMembership(tx, actor, teamId, "adminKeys.manage");
    const key = await tx.adminKey.findFirst({ where: { id: adminKeyId, teamId } });
    if (!key) throw new AppError("NOT_FOUND", "Admin key not found.");
    if (key.revokedAt) throw new AppError("CONFLICT", "This admin key is already revoked.");

    const now = new Date();
    // Conditional, so two concurrent revokes cannot both succeed and audit twice.
    const { count } = await tx.adminKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: now } });
    if (count !== 1) throw new AppError("CONFLICT", "This admin key is already revoked.");

    await recordAudit(tx, actor, {
      teamId,
      action: "admin_key.revoked",
      targetType: "admin_key",
      targetId: key.id,
      targetLabel: adminKeyLabel(key),
      metadata: { name: key.name, role: key.role },
    });
    return findAdminKeySummary(tx, teamId, key.id, now);
  });
}
