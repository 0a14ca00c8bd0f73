/**
 * The webhook outbox. An event is written in the same transaction as the change it
 * reports, together with one WebhookDelivery per enabled endpoint of the team that
 * subscribes to it; the delivery worker (lib/webhooks/worker.ts) sends them later.
 * A change that rolls back leaves no event; a committed one is never lost.
 */
import crypto from "node:crypto";
import type { Actor } from "../actor";
import type { AuditEntry } from "../audit/record";
import type { Tx } from "../db";
import { AUDIT_EVENT_TYPES, type WebhookEventType } from "./events";

/** Standard Webhooks message ids: `msg_` and 27 random base64url characters. */
export function newMessageId(): string {
  return `msg_${crypto.randomBytes(20).toString("base64url").slice(0, 27)}`;
}

/** The body every endpoint receives: Standard Webhooks' `{ type, timestamp, data }`. */
export type WebhookPayload = { type: string; timestamp: string; data: Record<string, unknown> };

export type EnqueuedEvent = { id: string; deliveries: number };

function subscribes(events: string, type: string): boolean {
  try {
    const list = JSON.parse(events) as unknown;
    return !Array.isArray(list) || list.length === 0 || list.includes(type);
  } catch {
    return false;
  }
}

/**
 * Queues `type` for every enabled endpoint of `teamId` that subscribes to it. Call it with
 * the transaction that makes the change. A team with no such endpoint stores nothing.
 * `endpointIds` limits delivery to those endpoints (a test event, a resend).
 */
export async function enqueueWebhookEvent(
  tx: Tx,
  teamId: string,
  type: WebhookEventType | "webhook.test",
  data: Record<string, unknown>,
  { now = new Date(), endpointIds }: { now?: Date; endpointIds?: readonly string[] } = {},
): Promise<EnqueuedEvent | null> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { teamId, enabled: true, ...(endpointIds ? { id: { in: [...endpointIds] } } : {}) },
    select: { id: true, events: true },
  });
  const targets = endpointIds ? endpoints : endpoints.filter((e) => subscribes(e.events, type));
  if (targets.length === 0) return null;
  const id = newMessageId();
  const payload: WebhookPayload = { type, timestamp: now.toISOString(), data: { team_id: teamId, ...data } };
  await tx.webhookEvent.create({ data: { id, teamId, type, payload: JSON.stringify(payload), createdAt: now } });
  await tx.webhookDelivery.createMany({
    data: targets.map((e) => ({ eventId: id, endpointId: e.id, teamId, nextAttemptAt: now, createdAt: now })),
  });
  return { id, deliveries: targets.length };
}

/** Who made a change, as webhook payloads name them. */
export function actorOf(actor: Actor): Record<string, unknown> {
  if (actor.adminKey) return { type: "admin_key", id: actor.adminKey.id, name: actor.adminKey.name };
  // No person behind it: Gatehouse itself, or a leaked-key report (the name says which).
  if (!actor.userId) return { type: "system", name: actor.email };
  return { type: "user", id: actor.userId, email: actor.email };
}

/** The webhook event of an audited change, if it is one (called by recordAudit). */
export async function enqueueAuditedEvent(tx: Tx, actor: Actor, entry: AuditEntry & { teamId: string }): Promise<void> {
  const type = AUDIT_EVENT_TYPES[entry.action];
  if (!type) return;
  await enqueueWebhookEvent(tx, entry.teamId, type, {
    target: { type: entry.targetType, id: entry.targetId ?? null, label: entry.targetLabel ?? "" },
    actor: actorOf(actor),
    details: entry.metadata ?? {},
  });
}
