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
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

const roleLabel = (value: unknown) => (isRole(value) ? ROLE_LABELS[value] : String(value));

/** A short human summary of an entry's metadata, e.g. "Developer → Admin". */
export function auditDetails(action: string, metadata: Record<string, unknown>): string {
  if (action === "member.role_changed" && metadata.from && metadata.to) {
    return `${roleLabel(metadata.from)} → ${roleLabel(metadata.to)}`;
  }
  if (typeof metadata.role === "string") {
    if (action === "member.removed" || action === "member.left") return `was ${roleLabel(metadata.role)}`;
    if (action.startsWith("member.") || action.startsWith("invitation.")) return `as ${roleLabel(metadata.role)}`;
  }
  if (typeof metadata.environment === "string") return metadata.environment;
  return "";
}
