/**
 * The console's webhook data as it crosses to the browser: JSON, so every Date is an ISO
 * string. The endpoint page gets its first render's data in this form too, so the polled
 * answers (app/api/teams/[team]/webhooks/…) replace it without a change of shape.
 */
import type { DeliveriesPage, DeliveryDetail } from "./delivery-queries";
import type { WebhookEndpointDetail } from "./endpoint-queries";
import type { WebhookEndpointSummary } from "./endpoint-summary";

export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}

export type EndpointSummaryWire = Wire<WebhookEndpointSummary>;
export type EndpointDetailWire = Wire<WebhookEndpointDetail>;
export type DeliveriesPageWire = Wire<DeliveriesPage>;
export type DeliveryRowWire = DeliveriesPageWire["deliveries"][number];
export type DeliveryDetailWire = Wire<DeliveryDetail>;

/** What GET /api/teams/[team]/webhooks/[endpointId]/deliveries answers. */
export type DeliveriesViewWire = { endpoint: EndpointDetailWire; page: DeliveriesPageWire };
