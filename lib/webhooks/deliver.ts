/**
 * One attempt at a claimed delivery (./claim.ts): load the event and the endpoint, check the
 * URL and every address it resolves to (./ssrf.ts), sign the stored payload with each live
 * secret (./sign.ts), POST it (./send-request.ts) and write the outcome while the lease is
 * still held. A 2xx is delivered. Anything else counts as a failure: retried on Standard
 * Webhooks' schedule (./retry.ts) until the 24-hour window is passed, then failed for good,
 * and counted against the endpoint (./endpoint-health.ts), which may disable it.
 */
import { db } from "../db";
import { webhookDeliveries, webhookDeliveryDuration } from "../metrics/registry";
import { heldLease, type ClaimedDelivery } from "./claim";
import type { DeliveryConfig } from "./delivery-config";
import { countEndpointFailure, disableIfFailing, recordEndpointSuccess, type DisabledEndpoint } from "./endpoint-health";
import { nextAttemptAt } from "./retry";
import { signingSecrets } from "./secrets";
import { sendWebhookRequest, USER_AGENT, type SendResult } from "./send-request";
import { signWebhook } from "./sign";
import { resolveDeliveryTarget, type Lookup } from "./ssrf";
import { DISABLED_DELIVERY_ERROR } from "./update-endpoint";

export type DeliveryContext = {
  config: DeliveryConfig;
  now: () => Date;
  /** Per attempt; 10 s unless a test says otherwise. */
  timeoutMs?: number;
  lookup?: Lookup;
  random?: () => number;
};

export type DeliveryResult = "succeeded" | "failed" | "refused" | "gave_up" | "cancelled" | "lost_lease";

export type DeliveryOutcome = { result: DeliveryResult; disabled: DisabledEndpoint | null };

class LostLease extends Error {}

type Attempt = { statusCode: number | null; error: string; refused: boolean; durationMs: number | null };

async function attempt(claim: ClaimedDelivery, url: string, ctx: DeliveryContext, at: Date): Promise<Attempt> {
  const [event, secrets] = await Promise.all([
    db.webhookEvent.findUnique({ where: { id: claim.eventId }, select: { id: true, payload: true } }),
    signingSecrets(db, claim.endpointId, at),
  ]);
  if (!event) return { statusCode: null, error: "event no longer exists", refused: false, durationMs: null };
  if (secrets.length === 0) return { statusCode: null, error: "no signing secret: rotate the endpoint's secret", refused: false, durationMs: null };
  const target = await resolveDeliveryTarget(url, ctx.config, ctx.lookup);
  if (!target.ok) return { statusCode: null, error: target.error, refused: target.refused, durationMs: null };

  const sent: SendResult = await sendWebhookRequest({
    url: target.url,
    host: target.host,
    addresses: target.addresses,
    body: event.payload,
    headers: {
      ...signWebhook({ id: event.id, timestamp: at, body: event.payload, secrets }),
      "content-type": "application/json",
      "user-agent": USER_AGENT,
    },
    timeoutMs: ctx.timeoutMs,
  });
  webhookDeliveryDuration.observe(sent.durationMs / 1000);
  if (!sent.ok) return { statusCode: null, error: sent.error, refused: false, durationMs: sent.durationMs };
  const code = sent.statusCode;
  if (code >= 200 && code < 300) return { statusCode: code, error: "", refused: false, durationMs: sent.durationMs };
  const error = code >= 300 && code < 400 ? `HTTP ${code}: redirects are not followed` : `HTTP ${code}`;
  return { statusCode: code, error, refused: false, durationMs: sent.durationMs };
}

export async function deliverClaimed(claim: ClaimedDelivery, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const startedAt = ctx.now();
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: claim.endpointId }, select: { url: true, enabled: true } });
  if (!endpoint?.enabled) {
    // Turned off (or deleted) after this was queued: not sent.
    await db.webhookDelivery.updateMany({ where: heldLease(claim), data: { status: "cancelled", lastError: DISABLED_DELIVERY_ERROR, nextAttemptAt: startedAt } });
    return { result: "cancelled", disabled: null };
  }

  const result = await attempt(claim, endpoint.url, ctx, startedAt);
  const now = ctx.now();
  const attempts = claim.attempts + 1;
  const recorded = { attempts, lastAttemptAt: startedAt, lastStatusCode: result.statusCode, lastDurationMs: result.durationMs };

  if (!result.error) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.webhookDelivery.updateMany({
        where: heldLease(claim),
        data: { ...recorded, status: "succeeded", lastError: "", deliveredAt: now, nextAttemptAt: now },
      });
      if (count === 1) await recordEndpointSuccess(tx, claim.endpointId);
      return count === 1;
    });
    if (!done) return { result: "lost_lease", disabled: null };
    webhookDeliveries.inc({ result: "succeeded" });
    return { result: "succeeded", disabled: null };
  }

  const next = nextAttemptAt(claim.createdAt, attempts, now, ctx.random?.());
  const lastError = result.error.slice(0, 500);
  const outcome = await db
    .$transaction(async (tx) => {
      const { enabled } = await countEndpointFailure(tx, claim.endpointId, now);
      // Disabled while this was in flight: no retry (the disable cancelled the others waiting).
      const status = !enabled ? "cancelled" : next ? "pending" : "failed";
      const { count } = await tx.webhookDelivery.updateMany({
        where: heldLease(claim),
        data: { ...recorded, lastError, status, nextAttemptAt: status === "pending" && next ? next : now },
      });
      // Another worker took this delivery over (our lease ran out): its attempt counts, not ours.
      if (count !== 1) throw new LostLease();
      return { disabled: enabled ? await disableIfFailing(tx, claim.endpointId, { now, lastError }, ctx.config) : null };
    })
    .catch((error) => {
      if (error instanceof LostLease) return null;
      throw error;
    });
  if (!outcome) return { result: "lost_lease", disabled: null };
  const kind: DeliveryResult = !next ? "gave_up" : result.refused ? "refused" : "failed";
  webhookDeliveries.inc({ result: kind });
  return { result: kind, disabled: outcome.disabled };
}
