/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): every delivery carries
 * - `webhook-id`: the event's id (msg_…), the same on every retry, so receivers can drop duplicates;
 * - `webhook-timestamp`: when this attempt was signed, in unix seconds (receivers refuse old ones);
 * - `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the base64-decoded
 *   part of the `whsec_` secret, one per live secret separated by spaces: during a rotation's
 *   overlap the old and the new secret both sign, so a receiver holding either verifies.
 * The `standardwebhooks` package computes each signature, the same code receivers verify with.
 */
import { Webhook } from "standardwebhooks";

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export function signWebhook(input: { id: string; timestamp: Date; body: string; secrets: readonly string[] }): SignedHeaders {
  if (input.secrets.length === 0) throw new Error("A webhook needs at least one signing secret.");
  const seconds = Math.floor(input.timestamp.getTime() / 1000);
  // Sign the whole second that goes into the header, as the receiver will.
  const at = new Date(seconds * 1000);
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": input.secrets.map((secret) => new Webhook(secret).sign(input.id, at, input.body)).join(" "),
  };
}
