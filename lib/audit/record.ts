import type { Actor } from "../actor";
import type { Tx } from "../db";
import { enqueueAuditedEvent } from "../webhooks/outbox";

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
  "key.leaked",
  "key.updated",
  "admin_key.created",
  "admin_key.revoked",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.secret_rotated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  teamId: string | null;
  action: AuditAction;
  targetType: "team" | "member" | "invitation" | "key" | "admin_key" | "webhook";
  targetId?: string | null;
  targetLabel?: string;
  metadata?: Record<string, unknown>;
  /** When it happened, for callers with their own clock (the webhook worker); else now. */
  createdAt?: Date;
};

/**
 * Writes an audit record; call it with the transaction that makes the change. A change that
 * partners can subscribe to (lib/webhooks/events.ts) also lands in the webhook outbox here,
 * in the same transaction: whichever path made the change, its event is never lost or invented.
 * A change made through the Admin API names the admin key as the actor.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      teamId: entry.teamId,
      // A system actor (a leaked-key report, the webhook worker) has no user: userId "".
      actorId: actor.adminKey || !actor.userId ? null : actor.userId,
      actorAdminKeyId: actor.adminKey?.id ?? null,
      actorEmail: actor.adminKey ? `admin key "${actor.adminKey.name}"` : actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? "",
      metadata: JSON.stringify(entry.metadata ?? {}),
      ip: actor.ip,
      userAgent: actor.userAgent,
      ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    },
  });
  if (entry.teamId) await enqueueAuditedEvent(tx, actor, { ...entry, teamId: entry.teamId });
}
