/**
 * Taking due deliveries for sending. A claim is one conditional UPDATE … RETURNING: it moves
 * the rows to `delivering` and their nextAttemptAt to the end of a lease, and only if they
 * are still due, so of two workers (replicas) that read the same rows only one gets each
 * (on PostgreSQL the second UPDATE waits for the first and re-checks the condition).
 * A worker that dies mid-send leaves `delivering` rows whose lease runs out; they are due
 * again then and another worker retries them. The outcome is written only while the lease
 * is still this worker's (`leaseUntil`), so a late answer never overwrites a newer attempt.
 */
import { db } from "../db";

/** Longer than any attempt (10 s) with room for a slow database. */
export const LEASE_MS = 60_000;

export type ClaimedDelivery = {
  id: string;
  eventId: string;
  endpointId: string;
  teamId: string;
  attempts: number;
  createdAt: Date;
  leaseUntil: Date;
};

const due = (now: Date) => ({ status: { in: ["pending", "delivering"] }, nextAttemptAt: { lte: now } });

export async function claimDueDeliveries(now: Date, limit: number): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const candidates = await db.webhookDelivery.findMany({
    where: due(now),
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  if (candidates.length === 0) return [];
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const rows = await db.webhookDelivery.updateManyAndReturn({
    where: { id: { in: candidates.map((c) => c.id) }, ...due(now) },
    data: { status: "delivering", nextAttemptAt: leaseUntil },
    select: { id: true, eventId: true, endpointId: true, teamId: true, attempts: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, leaseUntil }));
}

/** The condition every write about a claimed delivery carries: the lease is still ours. */
export function heldLease(claim: ClaimedDelivery) {
  return { id: claim.id, status: "delivering", nextAttemptAt: claim.leaseUntil };
}
