import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { DELIVERIES_PAGE_SIZE, type DeliveryStatus } from "./constants";
import { findEndpointRow } from "./endpoint-summary";
import { deliveryRequestHeaders } from "./delivery-headers";
import { deliveryRefSchema, listDeliveriesSchema, type DeliveryRef, type ListDeliveriesInput } from "./schemas";

/** One row of an endpoint's deliveries table. */
export type DeliveryRow = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: Date | null;
  /** When the worker sends it next (the first attempt or a retry); null once it is done. */
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastError: string;
  createdAt: Date;
  deliveredAt: Date | null;
};

export type DeliveryDetail = DeliveryRow & {
  /** The JSON body, exactly as sent (pretty-printing is the page's job). */
  payload: string;
  /** The request's headers as the last attempt sent them (signatures are not stored: they are shown as a placeholder). */
  requestHeaders: Record<string, string> | null;
};

export type DeliveriesPage = { deliveries: DeliveryRow[]; nextCursor: string | null };

const select = {
  id: true,
  endpointId: true,
  eventId: true,
  status: true,
  attempts: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastDurationMs: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
  event: { select: { type: true } },
} as const satisfies Prisma.WebhookDeliverySelect;

function toRow({ event, ...row }: Prisma.WebhookDeliveryGetPayload<{ select: typeof select }>): DeliveryRow {
  const status = row.status as DeliveryStatus;
  return { ...row, status, eventType: event.type, nextAttemptAt: status === "pending" ? row.nextAttemptAt : null };
}

/**
 * An endpoint's deliveries, newest first, 25 a page; `cursor` is the last id of the page
 * before. A cursor that names no delivery of this endpoint starts nowhere: an empty page.
 */
export async function listDeliveries(actor: Actor, input: ListDeliveriesInput): Promise<DeliveriesPage> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId, status, cursor } = parseInput(listDeliveriesSchema, input);
    const endpoint = await findEndpointRow(tx, teamId, endpointId);
    const where: Prisma.WebhookDeliveryWhereInput = { endpointId: endpoint.id, ...(status ? { status } : {}) };
    if (cursor) {
      const after = await tx.webhookDelivery.findFirst({ where: { id: cursor, endpointId: endpoint.id }, select: { id: true, createdAt: true } });
      if (!after) return { deliveries: [], nextCursor: null };
      where.OR = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
    }
    const rows = await tx.webhookDelivery.findMany({
      where,
      select,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DELIVERIES_PAGE_SIZE + 1,
    });
    const page = rows.slice(0, DELIVERIES_PAGE_SIZE).map(toRow);
    return { deliveries: page, nextCursor: rows.length > DELIVERIES_PAGE_SIZE ? page[page.length - 1].id : null };
  });
}

/** One delivery with the payload and the headers it was sent with; never a secret. */
export async function getDelivery(actor: Actor, input: DeliveryRef): Promise<DeliveryDetail> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, deliveryId } = parseInput(deliveryRefSchema, input);
    const row = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, teamId },
      select: { ...select, event: { select: { type: true, payload: true } } },
    });
    if (!row) throw new AppError("NOT_FOUND", "Delivery not found.");
    const delivery = toRow(row);
    return {
      ...delivery,
      payload: row.event.payload,
      requestHeaders: delivery.lastAttemptAt ? deliveryRequestHeaders(row.eventId, delivery.lastAttemptAt) : null,
    };
  });
}
