import type { Actor } from "../actor";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { canManageKey } from "./can-manage";

export { canManageKey };

/**
 * Loads a key the actor may revoke or rotate, inside the caller's transaction.
 * Order matters: membership first (strangers get NOT_FOUND, billing FORBIDDEN),
 * then the key within this team only, then ownership.
 */
export async function requireManageableKey(tx: Tx, actor: Actor, teamId: string, keyId: string, verb: string) {
  const membership = await requireMembership(tx, actor, teamId, "keys.manageOwn");
  const key = await tx.apiKey.findFirst({ where: { id: keyId, teamId } });
  if (!key) throw new AppError("NOT_FOUND", "API key not found.");
  if (!canManageKey(membership.role, actor.userId, key)) {
    throw new AppError("FORBIDDEN", `Developers can only ${verb} keys they created. Ask an admin.`);
  }
  return { key, membership };
}
