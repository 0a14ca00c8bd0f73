/**
 * The account's own audit trail (UserAuditLog): sign-ins, sessions signed
 * out, and (as they arrive) profile, password and two-factor changes. The
 * user reads it on the account page; it never holds a secret.
 */
import { db, type Tx } from "../db";
import type { RequestMeta } from "../request-meta";

export type AccountAction =
  | "session.created"
  | "session.revoked"
  | "session.revoked_others"
  | "session.revoked_all"
  | "password.reset_requested"
  | "password.reset"
  | "email.verified"
  | "email.sign_up_attempted"
  | "email.change_requested"
  | "email.changed"
  | "profile.updated"
  | "password.changed"
  | "password.set"
  | "two_factor.enabled"
  | "two_factor.disabled"
  | "two_factor.recovery_codes_regenerated"
  | "two_factor.recovery_code_used"
  | "oidc.account_created"
  | "oidc.linked"
  | "oidc.unlinked";

export const ACCOUNT_ACTION_LABELS: Record<AccountAction, string> = {
  "session.created": "Signed in",
  "session.revoked": "Signed out a session",
  "session.revoked_others": "Signed out all other sessions",
  "session.revoked_all": "Signed out everywhere",
  "password.reset_requested": "Asked for a password reset link",
  "password.reset": "Reset the password",
  "email.verified": "Confirmed the email address",
  "email.sign_up_attempted": "Someone tried to create an account with this address",
  "email.change_requested": "Asked to change the email address",
  "email.changed": "Changed the email address",
  "profile.updated": "Changed the name",
  "password.changed": "Changed the password",
  "password.set": "Set a password",
  "two_factor.enabled": "Turned on two-factor authentication",
  "two_factor.disabled": "Turned off two-factor authentication",
  "two_factor.recovery_codes_regenerated": "Made new recovery codes",
  "two_factor.recovery_code_used": "Used a recovery code",
  "oidc.account_created": "Created the account with single sign-on",
  "oidc.linked": "Linked single sign-on",
  "oidc.unlinked": "Unlinked single sign-on",
};

export async function recordAccountEvent(tx: Tx, userId: string, action: AccountAction, details: Record<string, unknown>, meta: RequestMeta): Promise<void> {
  await tx.userAuditLog.create({ data: { userId, action, details: JSON.stringify(details), ip: meta.ip, userAgent: meta.userAgent } });
}

export type AccountEvent = { id: string; action: string; label: string; details: Record<string, unknown>; ip: string; userAgent: string; createdAt: Date };

/** The newest `take` entries of the user's trail. */
export async function listAccountEvents(userId: string, take = 50): Promise<AccountEvent[]> {
  const rows = await db.userAuditLog.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    label: ACCOUNT_ACTION_LABELS[r.action as AccountAction] ?? r.action,
    details: safeJson(r.details),
    ip: r.ip,
    userAgent: r.userAgent,
    createdAt: r.createdAt,
  }));
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
