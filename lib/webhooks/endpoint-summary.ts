/**
 * What the console and the services say about an endpoint: its settings and state,
 * never its secrets (those are only ever returned once, by create and rotate).
 */
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { DeliveryStatus, DisabledReason, WebhookEndpointStatus } from "./constants";
import { isWebhookEventType, type WebhookEventType } from "./events";

export type LastDelivery = { id: string; at: Date; status: DeliveryStatus; statusCode: number | null; eventType: string };

export type WebhookEndpointSummary = {
  id: string;
  teamId: string;
  url: string;
  description: string;
  /** Empty: every event. */
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: DisabledReason;
  status: WebhookEndpointStatus;
  /** Failed deliveries in a row since the last success, and since when. */
  failureStreak: number;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The most recent delivery attempt, whatever its outcome; null before the first. */
  lastDelivery: LastDelivery | null;
};

export const endpointSelect = {
  id: true,
  teamId: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  failureStreak: true,
  failingSince: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

/** The stored JSON array, read leniently: anything unknown in it is ignored rather than an error. */
export function parseEvents(json: string): WebhookEventType[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter(isWebhookEventType) : [];
  } catch {
    return [];
  }
}

export function endpointStatus(row: { enabled: boolean; disabledReason: string }): WebhookEndpointStatus {
  if (row.enabled) return "enabled";
  return row.disabledReason === "failing" ? "failing" : "disabled";
}

/** "https://example.com/hooks" as audit records and messages name an endpoint. */
export function endpointLabel(row: { url: string; description: string }): string {
  return row.description ? `${row.description} (${row.url})` : row.url;
}

async function lastDeliveryOf(tx: Tx, endpointId: string): Promise<LastDelivery | null> {
  const row = await tx.webhookDelivery.findFirst({
    where: { endpointId, lastAttemptAt: { not: null } },
    orderBy: [{ lastAttemptAt: "desc" }, { id: "desc" }],
    select: { id: true, lastAttemptAt: true, status: true, lastStatusCode: true, event: { select: { type: true } } },
  });
  if (!row?.lastAttemptAt) return null;
  return { id: row.id, at: row.lastAttemptAt, status: row.status as DeliveryStatus, statusCode: row.lastStatusCode, eventType: row.event.type };
}

export async function summariseEndpoint(tx: Tx, row: EndpointRow): Promise<WebhookEndpointSummary> {
  return {
    ...row,
    events: parseEvents(row.events),
    disabledReason: (row.disabledReason as DisabledReason) || "",
    status: endpointStatus(row),
    lastDelivery: await lastDeliveryOf(tx, row.id),
  };
}

/** The endpoint of this team, or NOT_FOUND (another team's endpoint is not found either). */
export async function findEndpointRow(tx: Tx, teamId: string, endpointId: string): Promise<EndpointRow> {
  const row = await tx.webhookEndpoint.findFirst({ where: { id: endpointId, teamId }, select: endpointSelect });
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  return row;
}
