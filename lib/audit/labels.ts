import { isRole, ROLE_LABELS } from "../permissions";
import type { AuditAction } from "./record";

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "team.created": "Team created",
  "team.updated": "Team updated",
  "team.deleted": "Team deleted",
  "member.invited": "Member invited",
  "member.joined": "Member joined",
  "member.role_changed": "Role changed",
  "member.removed": "Member removed",
  "member.left": "Member left",
  "invitation.resent": "Invitation resent",
  "invitation.revoked": "Invitation revoked",
  "key.created": "API key created",
  "key.revoked": "API key revoked",
  "key.rotated": "API key rotated",
  "key.policy_changed": "Key policy changed",
  "team.budget_changed": "Team budget changed",
  "team.two_factor_changed": "Two-factor requirement changed",
  "key.leaked": "API key revoked as leaked",
  "key.updated": "API key updated",
  "admin_key.created": "Admin key created",
  "admin_key.revoked": "Admin key revoked",
  "webhook.created": "Webhook endpoint added",
  "webhook.updated": "Webhook endpoint changed",
  "webhook.deleted": "Webhook endpoint deleted",
  "webhook.secret_rotated": "Webhook secret rotated",
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

const roleLabel = (value: unknown) => (isRole(value) ? ROLE_LABELS[value] : String(value));

/** Why an invitation was revoked without anyone pressing "Revoke" (see lib/invitations/revoke-beyond-authority.ts). */
const AUTOMATIC_REVOCATION: Record<string, (inviter: string) => string> = {
  inviter_removed: (inviter) => `${inviter} was removed from the team`,
  inviter_left: (inviter) => `${inviter} left the team`,
  inviter_role_changed: (inviter) => `${inviter}'s new role can't grant it`,
  inviter_cannot_grant: (inviter) => `refused on acceptance: ${inviter} can no longer grant it`,
};

const revokedNote = (metadata: Record<string, unknown>) => {
  const n = typeof metadata.revokedInvitations === "number" ? metadata.revokedInvitations : 0;
  return n ? ` · ${n} pending invitation${n === 1 ? "" : "s"} revoked` : "";
};

/** A short human summary of an entry's metadata, e.g. "Developer → Admin". */
export function auditDetails(action: string, metadata: Record<string, unknown>): string {
  if (action === "member.role_changed" && metadata.from && metadata.to) {
    return `${roleLabel(metadata.from)} → ${roleLabel(metadata.to)}${revokedNote(metadata)}`;
  }
  if (typeof metadata.role === "string") {
    if (action === "member.removed" || action === "member.left") return `was ${roleLabel(metadata.role)}${revokedNote(metadata)}`;
    if (action === "invitation.revoked" && typeof metadata.reason === "string" && AUTOMATIC_REVOCATION[metadata.reason]) {
      const inviter = typeof metadata.inviterEmail === "string" && metadata.inviterEmail ? metadata.inviterEmail : "the inviter";
      return `as ${roleLabel(metadata.role)} · ${AUTOMATIC_REVOCATION[metadata.reason](inviter)}`;
    }
    if (action.startsWith("member.") || action.startsWith("invitation.")) return `as ${roleLabel(metadata.role)}`;
  }
  if (action === "team.two_factor_changed" && typeof metadata.required === "boolean") {
    return metadata.required ? "now required for every member" : "no longer required";
  }
  if (typeof metadata.environment === "string") return metadata.environment;
  return "";
}
