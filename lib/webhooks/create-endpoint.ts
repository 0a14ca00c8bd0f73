import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { parseInput, teamIdOf } from "../validation";
import { MAX_WEBHOOK_ENDPOINTS } from "./constants";
import { endpointLabel, endpointSelect, summariseEndpoint, type WebhookEndpointSummary } from "./endpoint-summary";
import { createWebhookEndpointSchema, type CreateWebhookEndpointInput } from "./schemas";
import { addWebhookSecret } from "./secrets";
import { assertWebhookUrlAllowed } from "./url-policy";

/** A new endpoint and its signing secret: `secret` exists only in this value (it is stored sealed) and is shown once. */
export type CreatedWebhookEndpoint = { endpoint: WebhookEndpointSummary; secret: string };

/**
 * Registers a webhook endpoint for a team. Owners and admins only, and only people: an
 * admin key is never granted `webhooks.manage` (lib/permissions.ts), so a leaked key cannot
 * point the team's events somewhere else.
 */
export async function createWebhookEndpoint(actor: Actor, input: CreateWebhookEndpointInput): Promise<CreatedWebhookEndpoint> {
  return db.$transaction(async (tx) => {
    const teamId = teamIdOf(input);
    // First, so two concurrent creates cannot both pass the cap below on PostgreSQL.
    await lockTeam(tx, teamId);
    // Membership before validation: strangers learn nothing, not even which fields are wrong.
    await requireMembership(tx, actor, teamId, "webhooks.manage");
    const { url, description, events, enabled } = parseInput(createWebhookEndpointSchema, input);
    assertWebhookUrlAllowed(url);

    if ((await tx.webhookEndpoint.count({ where: { teamId } })) >= MAX_WEBHOOK_ENDPOINTS) {
      throw new AppError(
        "CONFLICT",
        `This team already has ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints, the most it can have. Delete one it no longer uses first.`,
      );
    }

    const now = new Date();
    const row = await tx.webhookEndpoint.create({
      data: {
        teamId,
        url,
        description,
        events: JSON.stringify(events),
        enabled,
        disabledReason: enabled ? "" : "manual",
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      },
      select: endpointSelect,
    });
    const secret = await addWebhookSecret(tx, row.id, now);
    await recordAudit(tx, actor, {
      teamId,
      action: "webhook.created",
      targetType: "webhook",
      targetId: row.id,
      targetLabel: endpointLabel(row),
      metadata: { url, description, events, enabled },
    });
    return { endpoint: await summariseEndpoint(tx, row), secret };
  });
}
