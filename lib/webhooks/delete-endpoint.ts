import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { endpointLabel, findEndpointRow, parseEvents } from "./endpoint-summary";
import { webhookEndpointRefSchema, type WebhookEndpointRef } from "./schemas";

/**
 * Deletes an endpoint with its secrets and every delivery to it (pending ones included:
 * nothing is sent to it afterwards), and the events no other endpoint was sent. Audited
 * with what the endpoint was, so the audit log still says where events used to go.
 */
export async function deleteWebhookEndpoint(actor: Actor, input: WebhookEndpointRef): Promise<{ id: string; url: string }> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId } = parseInput(webhookEndpointRefSchema, input);
    const row = await findEndpointRow(tx, teamId, endpointId);
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId: row.id } });

    // Secrets and deliveries go with it (onDelete: Cascade).
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    // An event exists for its deliveries; one left with none would never be sent or shown.
    await tx.webhookEvent.deleteMany({ where: { teamId, deliveries: { none: {} } } });
    await recordAudit(tx, actor, {
      teamId,
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: row.id,
      targetLabel: endpointLabel(row),
      metadata: { url: row.url, description: row.description, events: parseEvents(row.events), enabled: row.enabled, deliveries },
    });
    return { id: row.id, url: row.url };
  });
}
