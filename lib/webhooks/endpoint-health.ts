/**
 * An endpoint's run of failures, kept by the delivery worker: every failed attempt adds one
 * to failureStreak (and starts failingSince), a success clears both. Once the streak reaches
 * WEBHOOK_DISABLE_AFTER_FAILURES and the first failure of the run is WEBHOOK_DISABLE_AFTER_HOURS
 * old, the endpoint is disabled ("failing"), its waiting deliveries are cancelled and the
 * change is audited, in one transaction; the caller then emails the team (./disabled-email.ts).
 * The disable is a conditional update of an enabled endpoint, so it happens, and is told,
 * once, however many deliveries fail at the same moment.
 */
import { systemActor } from "../actor";
import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import type { DeliveryConfig } from "./delivery-config";
import { endpointLabel } from "./endpoint-summary";

const HOUR_MS = 3_600_000;

/** Who the audit log names for a change Gatehouse made by itself. */
export const SYSTEM_ACTOR_EMAIL = "Gatehouse";
export const FAILING_DELIVERY_ERROR = "Cancelled: the endpoint was disabled after failing repeatedly.";

export type DisabledEndpoint = {
  endpointId: string;
  teamId: string;
  url: string;
  description: string;
  failedAttempts: number;
  failingSince: Date;
  lastError: string;
};

export async function recordEndpointSuccess(tx: Tx, endpointId: string): Promise<void> {
  await tx.webhookEndpoint.updateMany({
    where: { id: endpointId, OR: [{ failureStreak: { gt: 0 } }, { failingSince: { not: null } }] },
    data: { failureStreak: 0, failingSince: null },
  });
}

/**
 * Counts a failed attempt. Call it first in the transaction that records the attempt: it
 * locks the endpoint's row, so concurrent outcomes of one endpoint take their locks in the
 * same order (endpoint, then delivery) and cannot deadlock.
 */
export async function countEndpointFailure(tx: Tx, endpointId: string, now: Date): Promise<{ enabled: boolean }> {
  await tx.webhookEndpoint.updateMany({ where: { id: endpointId }, data: { failureStreak: { increment: 1 } } });
  await tx.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  // Read after the lock: an endpoint disabled meanwhile (by a person, or for failing) is seen.
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { enabled: true } });
  return { enabled: endpoint?.enabled ?? false };
}

/** Disables the endpoint when its run of failures passed the thresholds (then returns it). */
export async function disableIfFailing(
  tx: Tx,
  endpointId: string,
  failure: { now: Date; lastError: string },
  config: Pick<DeliveryConfig, "disableAfterFailures" | "disableAfterHours">,
): Promise<DisabledEndpoint | null> {
  const { now, lastError } = failure;
  const endpoint = await tx.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { id: true, teamId: true, url: true, description: true, enabled: true, failureStreak: true, failingSince: true },
  });
  if (!endpoint?.enabled || !endpoint.failingSince) return null;
  const failingForMs = now.getTime() - endpoint.failingSince.getTime();
  if (endpoint.failureStreak < config.disableAfterFailures || failingForMs < config.disableAfterHours * HOUR_MS) return null;

  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: endpointId, enabled: true },
    data: { enabled: false, disabledReason: "failing", updatedAt: now },
  });
  if (count !== 1) return null;
  const waiting = { endpointId, status: "pending" };
  const cancelled = (await tx.webhookDelivery.updateMany({ where: { ...waiting, lastError: "" }, data: { status: "cancelled", lastError: FAILING_DELIVERY_ERROR, nextAttemptAt: now } })).count
    + (await tx.webhookDelivery.updateMany({ where: waiting, data: { status: "cancelled", nextAttemptAt: now } })).count;
  await recordAudit(tx, systemActor(SYSTEM_ACTOR_EMAIL), {
    teamId: endpoint.teamId,
    action: "webhook.updated",
    targetType: "webhook",
    targetId: endpoint.id,
    targetLabel: endpointLabel(endpoint),
    metadata: {
      before: { enabled: true },
      after: { enabled: false },
      reason: "failing",
      failedAttempts: endpoint.failureStreak,
      failingSince: endpoint.failingSince.toISOString(),
      lastError,
      ...(cancelled ? { cancelledDeliveries: cancelled } : {}),
    },
    createdAt: now,
  });
  return {
    endpointId: endpoint.id,
    teamId: endpoint.teamId,
    url: endpoint.url,
    description: endpoint.description,
    failedAttempts: endpoint.failureStreak,
    failingSince: endpoint.failingSince,
    lastError,
  };
}
