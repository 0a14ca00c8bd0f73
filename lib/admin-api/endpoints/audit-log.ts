import { z } from "zod";
import type { AuditLog } from "../../generated/prisma/client";
import { AUDIT_ACTIONS } from "../../audit/record";
import { db } from "../../db";
import { requireMembership } from "../../membership";
import { idSchema } from "../../validation";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { listQuery, pageSchema, paginate } from "../pagination";

export const auditLogEntrySchema = z
  .object({
    id: z.string(),
    type: z.literal("audit_log_entry"),
    action: z.string().meta({ description: `What happened: ${AUDIT_ACTIONS.join(", ")}.` }),
    actor: z.union([
      z.object({ type: z.literal("user"), id: z.string().nullable().meta({ description: "Null once the account is deleted." }), email: z.string() }),
      z.object({ type: z.literal("admin_key"), id: z.string(), name: z.string() }),
    ]),
    target: z.object({
      type: z.string().meta({ description: "team, member, invitation, key, admin_key or webhook." }),
      id: z.string().nullable(),
      label: z.string(),
    }),
    details: z.record(z.string(), z.unknown()).meta({ description: "What changed (e.g. a role's from and to)." }),
    ip: z.string(),
    user_agent: z.string(),
    created_at: z.iso.datetime(),
  })
  .meta({
    id: "AuditLogEntry",
    description: "One change to the organization. Changes made through the Admin API name the admin key as the actor.",
    example: {
      id: "cmf1a2b3c0000audt",
      type: "audit_log_entry",
      action: "member.role_changed",
      actor: { type: "admin_key", id: "cmf1a2b3c0000akey", name: "Provisioning" },
      target: { type: "member", id: "cmf1a2b3c0000user", label: "alex@example.com" },
      details: { from: "developer", to: "admin" },
      ip: "203.0.113.7",
      user_agent: "curl/8.5.0",
      created_at: "2026-01-05T10:00:00.000Z",
    },
  });

function details(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** recordAudit stores `admin key "<name>"` as the actor's label of an admin key. */
function keyName(label: string): string {
  return /^admin key "(.*)"$/.exec(label)?.[1] ?? label;
}

function entryObject(row: AuditLog) {
  const actor = row.actorAdminKeyId
    ? { type: "admin_key" as const, id: row.actorAdminKeyId, name: keyName(row.actorEmail) }
    : { type: "user" as const, id: row.actorId, email: row.actorEmail };
  return {
    id: row.id,
    type: "audit_log_entry" as const,
    action: row.action,
    actor,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    details: details(row.metadata),
    ip: row.ip,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
  };
}

export const auditLogEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/audit_log",
    operationId: "listAuditLog",
    summary: "List the audit log",
    description: "Every change to the organization, newest first. Filter by `action` and by `actor_id` (a user's or an admin key's id).",
    tag: "Audit log",
    readOnly: true,
    query: listQuery({
      action: z.enum(AUDIT_ACTIONS).optional().meta({ description: "Only this action." }),
      actor_id: idSchema("actor").optional().meta({ description: "Only changes made by this user or admin key." }),
    }),
    response: pageSchema(auditLogEntrySchema, "AuditLogList", "A page of audit log entries."),
    async handler({ actor, teamId, query }) {
      await requireMembership(db, actor, teamId, "audit.read");
      const where = {
        teamId,
        ...(query.action ? { action: query.action } : {}),
        ...(query.actor_id ? { OR: [{ actorId: query.actor_id }, { actorAdminKeyId: query.actor_id }] } : {}),
      };
      return paginate(db.auditLog, where, query, entryObject);
    },
  }),
];
