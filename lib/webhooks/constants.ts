/**
 * Webhook endpoint vocabulary with no server dependencies, so the console's client
 * components can import it (the services next to it use the database).
 */
import { OVERLAP_MS, ROTATION_OVERLAPS, type RotationOverlap } from "../keys/constants";

/** Endpoints a team may register: enough for every real receiver, few enough that one event never fans out widely. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_DESCRIPTION_MAX = 200;
/** Rows per page of an endpoint's deliveries. */
export const DELIVERIES_PAGE_SIZE = 25;

export const DELIVERY_STATUSES = ["pending", "delivering", "succeeded", "failed", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Pending",
  delivering: "Sending",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};
/** Deliveries still in the worker's hands: the console polls while any is shown. */
export const OPEN_DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "delivering"];

export const DISABLED_REASONS = ["", "manual", "failing"] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/**
 * What the console's badge says: `failing` is an endpoint the delivery worker turned off
 * after it kept failing (disabledReason "failing"); `disabled`, one a person turned off.
 */
export const ENDPOINT_STATUSES = ["enabled", "disabled", "failing"] as const;
export type WebhookEndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/** A rotated secret keeps signing for the overlap, as a rotated API key keeps working (lib/keys/constants.ts). */
export const SECRET_OVERLAPS = ROTATION_OVERLAPS;
export type SecretOverlap = RotationOverlap;
export const DEFAULT_SECRET_OVERLAP: SecretOverlap = "24h";
export const SECRET_OVERLAP_MS = OVERLAP_MS;
export const SECRET_OVERLAP_LABELS: Record<SecretOverlap, string> = {
  none: "Stop signing with the old secret now",
  "1h": "Sign with both secrets for 1 hour",
  "24h": "Sign with both secrets for 24 hours",
  "7d": "Sign with both secrets for 7 days",
};

/** Resends and test events one endpoint may be sent per minute (both count). */
export const SENDS_PER_MINUTE = 10;
