/**
 * The headers a delivery request carries (lib/webhooks/deliver.ts, Standard Webhooks),
 * rebuilt for the console's delivery view. Signatures are never stored (nor are they
 * secrets, but one per live signing secret was sent): they are shown as a placeholder.
 */
import { USER_AGENT } from "./send-request";
import type { SignedHeaders } from "./sign";

export function deliveryRequestHeaders(eventId: string, attemptedAt: Date): Record<string, string> {
  const signed: SignedHeaders = {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(attemptedAt.getTime() / 1000)),
    "webhook-signature": "v1,<signature> (one per live signing secret)",
  };
  return { "content-type": "application/json", "user-agent": USER_AGENT, ...signed };
}
