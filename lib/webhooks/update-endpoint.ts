import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { endpointLabel, findEndpointRow, parseEvents, summariseEndpoint, type WebhookEndpointSummary } from "./endpoint-summary";
import { updateWebhookEndpointSchema, type UpdateWebhookEndpointInput } from "./schemas";
import { assertWebhookUrlAllowed } from "./url-policy";

type Fields = { url?: string; description?: string; events?: string[]; enabled?: boolean };

/** What a manual disable does to deliveries still waiting: they are not sent to an endpoint its team turned off. */
export const DISABLED_DELIVERY_ERROR = "Cancelled: the endpoint was disabled before this was sent.";

async function cancelWaitingDeliveries(tx: Tx, endpointId: string, now: Date): Promise<number> {
  const { count } = await tx.webhookDelivery.updateMany({
    where: { endpointId, status: "pending" },
    data: { status: "cancelled", lastError: DISABLED_DELIVERY_ERROR, nextAttemptAt: now },
  });
  return count;
}

/**
 * Changes an endpoint's URL, description, events or enabled state; audited with what was
 * before and after (only the fields that changed; nothing changed, nothing audited).
 * Enabling starts the endpoint afresh: an endpoint the worker turned off for failing gets
 * its failure count and reason cleared, as does one whose URL changes. Disabling cancels
 * the deliveries still waiting for it (they can be resent once it is enabled again).
 */
export async function updateWebhookEndpoint(actor: Actor, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointSummary> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId, url, description, events, enabled } = parseInput(updateWebhookEndpointSchema, input);
    const row = await findEndpointRow(tx, teamId, endpointId);
    if (url !== undefined && url !== row.url) assertWebhookUrlAllowed(url);
    const current = { url: row.url, description: row.description, events: parseEvents(row.events), enabled: row.enabled };

    const before: Fields = {};
    const after: Fields = {};
    const data: Prisma.WebhookEndpointUpdateInput = {};
    const fresh = { failureStreak: 0, failingSince: null, disabledReason: "" } as const;
    if (url !== undefined && url !== current.url) {
      Object.assign(data, { url, failureStreak: 0, failingSince: null });
      [before.url, after.url] = [current.url, url];
    }
    if (description !== undefined && description !== current.description) {
      data.description = description;
      [before.description, after.description] = [current.description, description];
    }
    if (events !== undefined && JSON.stringify(events) !== JSON.stringify(current.events)) {
      data.events = JSON.stringify(events);
      [before.events, after.events] = [current.events, events];
    }
    if (enabled !== undefined && enabled !== current.enabled) {
      Object.assign(data, enabled ? { enabled, ...fresh } : { enabled, disabledReason: "manual" });
      [before.enabled, after.enabled] = [current.enabled, enabled];
    }
    if (Object.keys(after).length === 0) return summariseEndpoint(tx, row);

    const now = new Date();
    await tx.webhookEndpoint.update({ where: { id: row.id }, data: { ...data, updatedAt: now } });
    const cancelled = after.enabled === false ? await cancelWaitingDeliveries(tx, row.id, now) : 0;
    const updated = await findEndpointRow(tx, teamId, row.id);
    await recordAudit(tx, actor, {
      teamId,
      action: "webhook.updated",
      targetType: "webhook",
      targetId: row.id,
      targetLabel: endpointLabel(updated),
      metadata: {
        before,
        after,
        ...(row.disabledReason === "failing" && after.enabled ? { wasFailingSince: row.failingSince?.toISOString() ?? null } : {}),
        ...(cancelled ? { cancelledDeliveries: cancelled } : {}),
      },
    });
    return summariseEndpoint(tx, updated);
  });
}
