/**
 * The headers a delivery request carries (Standard Webhooks), rebuilt for the console's
 * delivery view. Signatures are never stored, and are not secrets either, but one per
 * live signing secret was sent: they are shown as a placeholder.
 */
export function deliveryRequestHeaders(eventId: string, attemptedAt: Date): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(attemptedAt.getTime() / 1000)),
    "webhook-signature": "v1,<signature> (one per live signing secret)",
  };
}
