/**
 * Webhook signing secrets. A secret must be read back to sign, so it is sealed
 * (AES-256-GCM under the server secret, lib/auth/two-factor/seal.ts), bound to its
 * endpoint; it is shown to the user once, when made. Format: Standard Webhooks'
 * `whsec_` + base64 of 24 random bytes.
 * Rotation adds a new secret and gives the old ones `expiresAt` (the overlap):
 * until then every delivery carries one signature per live secret.
 */
import crypto from "node:crypto";
import { seal, unseal } from "../auth/two-factor/seal";
import type { Tx } from "../db";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${crypto.randomBytes(24).toString("base64")}`;
}

const context = (endpointId: string) => `webhook-secret:${endpointId}`;

export function sealWebhookSecret(endpointId: string, secret: string): string {
  return seal(secret, context(endpointId));
}

export function unsealWebhookSecret(endpointId: string, sealed: string): string {
  return unseal(sealed, context(endpointId));
}

/** Stores a new secret for the endpoint; returns the secret (to show once). */
export async function addWebhookSecret(tx: Tx, endpointId: string, now = new Date()): Promise<string> {
  const secret = generateWebhookSecret();
  await tx.webhookSecret.create({ data: { endpointId, sealed: sealWebhookSecret(endpointId, secret), createdAt: now } });
  return secret;
}

/** The secrets that sign a delivery now, newest first. */
export async function signingSecrets(tx: Tx, endpointId: string, now = new Date()): Promise<string[]> {
  const rows = await tx.webhookSecret.findMany({
    where: { endpointId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { sealed: true },
  });
  return rows.map((r) => unsealWebhookSecret(endpointId, r.sealed));
}
