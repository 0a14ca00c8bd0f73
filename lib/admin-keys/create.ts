import { assertEmailConfirmed } from "../account/email-verification";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { expiryFrom } from "../keys/status";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { parseInput, teamIdOf } from "../validation";
import { MAX_LIVE_ADMIN_KEYS } from "./constants";
import { generateAdminKey, hashAdminKey, visibleParts } from "./format";
import { findAdminKeySummary, type AdminKeySummary } from "./list";
import { createAdminKeySchema, type CreateAdminKeyInput } from "./schemas";

/** A freshly minted admin key: `secret` exists only in this value and is never stored. */
export type CreatedAdminKey = { key: AdminKeySummary; secret: string };

export function adminKeyLabel(key: { name: string; prefix: string; last4: string }): string {
  return `${key.name} (${key.prefix}…${key.last4})`;
}

/**
 * Creates a team admin key for the Admin API. Only people (owners and admins) may: an admin
 * key is never granted `adminKeys.manage`, so a key cannot mint more keys. The key acts for
 * its creator (lib/membership.ts), so it dies with the creator's standing in the team.
 */
export async function createAdminKey(actor: Actor, input: CreateAdminKeyInput): Promise<CreatedAdminKey> {
  return db.$transaction(async (tx) => {
    const teamId = teamIdOf(input);
    // First, so two concurrent creates cannot both pass the cap below on PostgreSQL.
    await lockTeam(tx, teamId);
    // Membership before validation: strangers learn nothing, not even which fields are wrong.
    await requireMembership(tx, actor, teamId, "adminKeys.manage");
    await assertEmailConfirmed(tx, actor.userId);
    const { name, role, expiry, customDate } = parseInput(createAdminKeySchema, input);
    const now = new Date();
    const expiresAt = expiryFrom(expiry, now, customDate);

    const live = await tx.adminKey.count({
      where: { teamId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (live >= MAX_LIVE_ADMIN_KEYS) {
      throw new AppError(
        "CONFLICT",
        `This team already has ${MAX_LIVE_ADMIN_KEYS} active admin keys, the most it can hold. Revoke one it no longer uses first.`,
      );
    }

    const secret = generateAdminKey();
    const { prefix, last4 } = visibleParts(secret);
    const row = await tx.adminKey.create({
      data: { teamId, name, role, prefix, last4, hash: hashAdminKey(secret), createdById: actor.userId, expiresAt },
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "admin_key.created",
      targetType: "admin_key",
      targetId: row.id,
      targetLabel: adminKeyLabel(row),
      metadata: { name, role, expiresAt: expiresAt?.toISOString() ?? null, prefix },
    });
    return { key: await findAdminKeySummary(tx, teamId, row.id, now), secret };
  });
}
