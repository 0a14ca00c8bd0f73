/**
 * Admin key vocabulary with no server dependencies, so client components can
 * import it (format.ts uses node:crypto and stays on the server).
 */
import { ADMIN_KEY_ROLES, type AdminKeyRole } from "../actor";

export { ADMIN_KEY_ROLES, type AdminKeyRole };

export const ADMIN_KEY_ROLE_LABELS: Record<AdminKeyRole, string> = {
  admin: "Admin",
  "read-only": "Read-only",
};

/** The sentence the create dialog shows under each role. */
export const ADMIN_KEY_ROLE_DESCRIPTIONS: Record<AdminKeyRole, string> = {
  admin: "Acts as a team admin: manages members, invitations and API keys, and reads usage and the audit log.",
  "read-only": "Reads members, API keys, usage and the audit log; changes nothing.",
};

/** Live (not revoked, not expired) admin keys a team may hold at once. */
export const MAX_LIVE_ADMIN_KEYS = 50;

export const ADMIN_KEY_STATUSES = ["active", "expiring", "expired", "revoked"] as const;
export type AdminKeyStatus = (typeof ADMIN_KEY_STATUSES)[number];
