import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import type { Limiter } from "../limits/limiter";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { findEndpointRow } from "./endpoint-summary";
import { TEST_EVENT_TYPE } from "./events";
import { actorOf, enqueueWebhookEvent } from "./outbox";
import { deliveryRefSchema, webhookEndpointRefSchema, type DeliveryRef, type WebhookEndpointRef } from "./schemas";
import { chargeSend } from "./send-limit";
import { wakeWebhookWorkers } from "./worker";

export type SendOptions = { limiter?: Limiter; now?: Date };
export type QueuedDelivery = { deliveryId: string; eventId: string; endpointId: string };

const DISABLED_MESSAGE = "This endpoint is disabled. Enable it first, then send.";

async function enabledEndpoint(tx: Tx, teamId: string, endpointId: string) {
  const endpoint = await findEndpointRow(tx, teamId, endpointId);
  if (!endpoint.enabled) throw new AppError("CONFLICT", DISABLED_MESSAGE);
  return endpoint;
}

/**
 * Checks (read only), charges the endpoint's manual-send allowance, then writes, checking
 * again: the limiter writes in a transaction of its own, so it cannot run inside the write,
 * and a caller refused by the first check must not use up anyone's allowance.
 */
async function sendBy<T>(endpointIdOf: (tx: Tx) => Promise<string>, options: SendOptions, write: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
  const endpointId = await db.$transaction(endpointIdOf);
  const now = options.now ?? new Date();
  const charge = await chargeSend(endpointId, options.limiter, now.getTime());
  let written: T;
  try {
    written = await db.$transaction((tx) => write(tx, now));
  } catch (error) {
    await charge.release();
    throw error;
  }
  // Committed: this process's worker sends it now rather than at its next poll.
  wakeWebhookWorkers();
  return written;
}

/**
 * Sends a delivery's event to its endpoint again, as a new delivery due now; the old one
 * keeps its history. The event (and so `webhook-id`) is the same: a receiver that already
 * processed it can tell. Refused for a disabled endpoint.
 */
export async function resendDelivery(actor: Actor, input: DeliveryRef, options: SendOptions = {}): Promise<QueuedDelivery> {
  const check = async (tx: Tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, deliveryId } = parseInput(deliveryRefSchema, input);
    const delivery = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, teamId }, select: { eventId: true, endpointId: true } });
    if (!delivery) throw new AppError("NOT_FOUND", "Delivery not found.");
    await enabledEndpoint(tx, teamId, delivery.endpointId);
    return { teamId, ...delivery };
  };
  return sendBy(
    async (tx) => (await check(tx)).endpointId,
    options,
    async (tx, now) => {
      const { teamId, eventId, endpointId } = await check(tx);
      const row = await tx.webhookDelivery.create({ data: { eventId, endpointId, teamId, nextAttemptAt: now, createdAt: now } });
      return { deliveryId: row.id, eventId, endpointId };
    },
  );
}

/**
 * Queues a `webhook.test` event to this endpoint only, whatever it subscribes to, so an
 * owner can check the receiver and its signature verification end to end.
 */
export async function sendTestEvent(actor: Actor, input: WebhookEndpointRef, options: SendOptions = {}): Promise<QueuedDelivery> {
  const check = async (tx: Tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId } = parseInput(webhookEndpointRefSchema, input);
    return { teamId, endpoint: await enabledEndpoint(tx, teamId, endpointId) };
  };
  return sendBy(
    async (tx) => (await check(tx)).endpoint.id,
    options,
    async (tx, now) => {
      const { teamId, endpoint } = await check(tx);
      const data = { message: "A test event from Gatehouse.", endpoint_id: endpoint.id, actor: actorOf(actor) };
      const event = await enqueueWebhookEvent(tx, teamId, TEST_EVENT_TYPE, data, { now, endpointIds: [endpoint.id] });
      if (!event) throw new AppError("CONFLICT", DISABLED_MESSAGE);
      const delivery = await tx.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id, endpointId: endpoint.id }, select: { id: true } });
      return { deliveryId: delivery.id, eventId: event.id, endpointId: endpoint.id };
    },
  );
}
