import type { Actor } from "../actor";
import type { Tx } from "../db";

/** Every audited action name; the audit page filters by these. */
export const AUDIT_ACTIONS = [
  "team.created",
  "team.updated",
  "team.deleted",
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
  "invitation.resent",
  "invitation.revoked",
  "key.created",
  "key.revoked",
  "key.rotated",
  "key.policy_changed",
  "team.budget_changed",
  "team.two_factor_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  teamId: string | null;
  action: AuditAction;
  targetType: "team" | "member" | "invitation" | "key";
  targetId?: string | null;
  targetLabel?: string;
  metadata?: Record<string, unknown>;
};

/** Writes an audit record; call it with the transaction that makes the change. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      teamId: entry.teamId,
      actorId: actor.userId,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? "",
      metadata: JSON.stringify(entry.metadata ?? {}),
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}
