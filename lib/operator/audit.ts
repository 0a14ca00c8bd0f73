import type { Actor } from "../actor";
import type { Tx } from "../db";

/** Every action the operator audit log records; the log page labels them. */
export const OPERATOR_AUDIT_ACTIONS = [
  "model.created",
  "model.updated",
  "model.price_changed",
  "settings.updated",
  "team.limits_changed",
  "team.suspended",
  "team.resumed",
  "service_token.created",
  "service_token.revoked",
] as const;
export type OperatorAuditAction = (typeof OPERATOR_AUDIT_ACTIONS)[number];

export type OperatorAuditEntry = {
  action: OperatorAuditAction;
  targetType: "model" | "settings" | "team" | "service_token";
  targetId?: string | null;
  targetLabel?: string;
  /** The state before the change; null for a creation. Plain JSON (money as USD text, never BigInt). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** Writes an operator audit record; call it with the transaction that makes the change. */
export async function recordOperatorAudit(tx: Tx, actor: Actor, entry: OperatorAuditEntry): Promise<void> {
  await tx.operatorAuditLog.create({
    data: {
      actorId: actor.userId,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? "",
      before: JSON.stringify(entry.before),
      after: JSON.stringify(entry.after),
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}
