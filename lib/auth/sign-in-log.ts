import { db } from "../db";

/** How long an address counts as one the account "has signed in from before". */
export const KNOWN_ADDRESS_DAYS = 90;
const KNOWN_ADDRESS_MS = KNOWN_ADDRESS_DAYS * 24 * 60 * 60 * 1000;

/**
 * Remembers that `email` signed in from `ip`: the addresses an account may
 * still sign in from while the account-wide failure limit is tripped. Keeps
 * one row per account and address (the latest) and forgets addresses unused
 * for KNOWN_ADDRESS_DAYS. Failures are counted by the limiter, not here.
 */
export async function recordSignIn(email: string, ip: string, now = new Date()): Promise<void> {
  // In a transaction so it queues for the one SQLite connection: a bare write would land inside
  // another request's open transaction and vanish if that one rolls back.
  await db.$transaction(async (tx) => {
    await tx.signInAttempt.deleteMany({
      where: { email, OR: [{ ip }, { createdAt: { lt: new Date(now.getTime() - KNOWN_ADDRESS_MS) } }] },
    });
    await tx.signInAttempt.create({ data: { email, ip, success: true, createdAt: now } });
  });
}

/** Whether `email` signed in successfully from `ip` within the last KNOWN_ADDRESS_DAYS. */
export async function hasSignedInFrom(email: string, ip: string, now = Date.now()): Promise<boolean> {
  const row = await db.signInAttempt.findFirst({
    where: { email, ip, success: true, createdAt: { gt: new Date(now - KNOWN_ADDRESS_MS) } },
    select: { id: true },
  });
  return row !== null;
}
