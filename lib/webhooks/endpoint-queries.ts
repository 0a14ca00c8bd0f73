import type { Actor } from "../actor";
import { db } from "../db";
import { requireMembership } from "../membership";
import { idSchema, parseInput, teamIdOf } from "../validation";
import { endpointSelect, findEndpointRow, summariseEndpoint, type WebhookEndpointSummary } from "./endpoint-summary";
import { webhookEndpointRefSchema, type WebhookEndpointRef } from "./schemas";

const DAY = 24 * 60 * 60 * 1000;

export type WebhookEndpointDetail = WebhookEndpointSummary & {
  /** The last 24 hours: deliveries that succeeded, and that failed for good. */
  last24h: { succeeded: number; failed: number };
  /** Deliveries still waiting to be sent or retried. */
  pending: number;
};

/** The team's endpoints, oldest first (the order they were added in), each with its last delivery. */
export async function listWebhookEndpoints(actor: Actor, teamId: string): Promise<WebhookEndpointSummary[]> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf({ teamId }), "webhooks.manage");
    const id = parseInput(idSchema("team"), teamId);
    const rows = await tx.webhookEndpoint.findMany({ where: { teamId: id }, select: endpointSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const out: WebhookEndpointSummary[] = [];
    for (const row of rows) out.push(await summariseEndpoint(tx, row));
    return out;
  });
}

/** One endpoint with its delivery counts; another team's endpoint, or a malformed id, is not found. */
export async function getWebhookEndpoint(actor: Actor, input: WebhookEndpointRef, now = new Date()): Promise<WebhookEndpointDetail> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId } = parseInput(webhookEndpointRefSchema, input);
    const row = await findEndpointRow(tx, teamId, endpointId);
    const since = new Date(now.getTime() - DAY);
    const succeeded = await tx.webhookDelivery.count({ where: { endpointId: row.id, status: "succeeded", deliveredAt: { gte: since } } });
    const failed = await tx.webhookDelivery.count({ where: { endpointId: row.id, status: "failed", lastAttemptAt: { gte: since } } });
    const pending = await tx.webhookDelivery.count({ where: { endpointId: row.id, status: { in: ["pending", "delivering"] } } });
    return { ...(await summariseEndpoint(tx, row)), last24h: { succeeded, failed }, pending };
  });
}
