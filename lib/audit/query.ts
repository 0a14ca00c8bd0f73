import { z } from "zod";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireMembership } from "../membership";
import { idSchema, parseInput } from "../validation";
import { AUDIT_ACTIONS, type AuditAction } from "./record";

export const AUDIT_PAGE_SIZE = 25;

export const auditQuerySchema = z.object({
  teamId: idSchema("team"),
  action: z.enum(AUDIT_ACTIONS, { error: "Unknown action." }).optional(),
  /** A person's id, or an admin key's (the changes it made through the Admin API). */
  actorId: idSchema("person").optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(AUDIT_PAGE_SIZE),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export type AuditEntryRow = {
  id: string;
  createdAt: Date;
  action: string;
  actor: { id: string | null; email: string; name: string | null };
  targetType: string;
  targetId: string | null;
  targetLabel: string;
  metadata: Record<string, unknown>;
  ip: string;
  userAgent: string;
};

export type AuditPage = { entries: AuditEntryRow[]; page: number; pageSize: number; total: number; pageCount: number };

function parseMetadata(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The team's audit log, newest first, for owners and admins only. */
export async function listAuditLog(actor: Actor, input: AuditQuery): Promise<AuditPage> {
  const { teamId, action, actorId, page, pageSize } = parseInput(auditQuerySchema, input);
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "audit.read");
    const where = {
      teamId,
      ...(action ? { action } : {}),
      ...(actorId ? { OR: [{ actorId }, { actorAdminKeyId: actorId }] } : {}),
    };
    const [total, rows] = await Promise.all([
      tx.auditLog.count({ where }),
      tx.auditLog.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        include: { actor: { select: { name: true } } },
      }),
    ]);
    const entries = rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      action: row.action,
      actor: { id: row.actorId, email: row.actorEmail, name: row.actor?.name ?? null },
      targetType: row.targetType,
      targetId: row.targetId,
      targetLabel: row.targetLabel,
      metadata: parseMetadata(row.metadata),
      ip: row.ip,
      userAgent: row.userAgent,
    }));
    return { entries, page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  });
}

export type AuditActorOption = { id: string; label: string };

/** Everyone who appears in the log or is a member now, and the team's admin keys, for the actor filter. */
export async function listAuditActors(actor: Actor, teamId: string): Promise<AuditActorOption[]> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "audit.read");
    const [members, logged, adminKeys] = await Promise.all([
      tx.membership.findMany({ where: { teamId }, select: { user: { select: { id: true, name: true, email: true } } } }),
      tx.auditLog.findMany({
        where: { teamId, actorId: { not: null } },
        distinct: ["actorId"],
        select: { actorId: true, actorEmail: true, actor: { select: { name: true } } },
      }),
      tx.adminKey.findMany({ where: { teamId }, select: { id: true, name: true, prefix: true, last4: true } }),
    ]);
    const options = new Map<string, string>();
    for (const { user } of members) options.set(user.id, `${user.name} (${user.email})`);
    for (const row of logged) {
      if (row.actorId && !options.has(row.actorId)) {
        options.set(row.actorId, row.actor ? `${row.actor.name} (${row.actorEmail})` : row.actorEmail);
      }
    }
    for (const key of adminKeys) options.set(key.id, `Admin key "${key.name}" (${key.prefix}…${key.last4})`);
    return [...options].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label));
  });
}

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
