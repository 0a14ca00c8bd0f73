import { can, type Role } from "../permissions";

/**
 * Owners and admins manage every key of the team; developers only the keys
 * they created. Shared by the server check and the UI (which only hides).
 */
export function canManageKey(role: Role, userId: string, key: { createdById: string | null }): boolean {
  if (can(role, "keys.manageAny")) return true;
  return can(role, "keys.manageOwn") && key.createdById !== null && key.createdById === userId;
}
