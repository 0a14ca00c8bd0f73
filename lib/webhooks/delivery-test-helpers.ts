/** Test data for the delivery worker's tests: endpoints with any URL, and queued events. */
import { vi } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { DEFAULT_DELIVERY_CONFIG, type DeliveryConfig } from "./delivery-config";
import { enqueueWebhookEvent } from "./outbox";
import { addWebhookSecret } from "./secrets";

/** What the tests and the end-to-end run allow: a receiver on loopback over http. */
export const LOOPBACK_CONFIG: DeliveryConfig = { ...DEFAULT_DELIVERY_CONFIG, allowHttp: true, allowPrivateNetworks: true };

/**
 * An endpoint written directly (the management services check URLs their own way: these
 * tests need loopback and private ones), with its signing secret.
 */
export async function endpointAt(url: string, extra: { teamId?: string; failureStreak?: number; failingSince?: Date } = {}) {
  const made = extra.teamId ? null : await makeTeam();
  const teamId = extra.teamId ?? made!.team.id;
  const endpoint = await db.webhookEndpoint.create({
    data: { teamId, url, failureStreak: extra.failureStreak ?? 0, failingSince: extra.failingSince ?? null },
  });
  const secret = await addWebhookSecret(db, endpoint.id);
  return { teamId, team: made?.team, members: made?.members, endpoint, secret };
}

/** Queues a key-created event to every enabled endpoint of the team; returns the event id. */
export async function queueEvent(teamId: string, now = new Date(), data: Record<string, unknown> = { note: "test" }): Promise<string> {
  const event = await db.$transaction((tx) => enqueueWebhookEvent(tx, teamId, "api_key.created", data, { now }));
  if (!event) throw new Error("no endpoint subscribes");
  return event.id;
}

export const deliveriesOf = (endpointId: string) => db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });

export async function deliveryOf(eventId: string) {
  return db.webhookDelivery.findFirstOrThrow({ where: { eventId } });
}

export function quietLog() {
  return { log: vi.fn(), error: vi.fn() };
}
