/**
 * Single-use links sent by email (AccountToken): password reset, address
 * confirmation and email change. The token is 32 random bytes in base64url
 * (it rides in a URL path); only its SHA-256 is stored, so a copy of the
 * database holds no working link.
 *
 * - Issuing one kills the user's earlier tokens of that purpose (used ones
 *   too: the audit trail keeps the history), so only the newest link works.
 * - Consuming is one conditional update (unused and unexpired), inside the
 *   caller's transaction: of two concurrent uses exactly one matches a row.
 */
import crypto from "node:crypto";
import { databaseConfig } from "../db-url";
import { db, type Tx } from "../db";

export type AccountTokenPurpose = "password_reset" | "email_verify" | "email_change";

const HOUR_MS = 60 * 60 * 1000;

/** How long a link works: a reset or an email change must be used soon; a confirmation link may wait a day in an inbox. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  password_reset: HOUR_MS,
  email_verify: 24 * HOUR_MS,
  email_change: HOUR_MS,
};

export function hashAccountToken(token: string): string {
  return crypto.hash("sha256", token, "hex");
}

/** 32 bytes of base64url: anything else is not one of ours, and needs no database lookup. */
export function isWellFormedAccountToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type IssuedAccountToken = { token: string; expiresAt: Date };

/**
 * A new token for `userId`; the earlier ones of the same purpose stop working.
 * On PostgreSQL the user's row is locked first, so two requests at once
 * cannot each delete the other's token before inserting their own and leave
 * two live links (SQLite runs transactions one at a time anyway).
 */
export async function issueAccountToken(
  tx: Tx,
  input: { userId: string; purpose: AccountTokenPurpose; newEmail?: string; now?: Date },
): Promise<IssuedAccountToken> {
  const now = input.now ?? new Date();
  if (databaseConfig().engine === "postgres") {
    // FOR NO KEY UPDATE: excludes another issuer, not the inserts that merely reference the user.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${input.userId} FOR NO KEY UPDATE`;
  }
  await tx.accountToken.deleteMany({ where: { userId: input.userId, purpose: input.purpose } });
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[input.purpose]);
  await tx.accountToken.create({
    data: { userId: input.userId, purpose: input.purpose, tokenHash: hashAccountToken(token), newEmail: input.newEmail ?? null, createdAt: now, expiresAt },
  });
  return { token, expiresAt };
}

export type LiveAccountToken = { id: string; userId: string; newEmail: string | null; expiresAt: Date };

const liveWhere = (token: string, purpose: AccountTokenPurpose, now: Date) => ({
  tokenHash: hashAccountToken(token),
  purpose,
  usedAt: null,
  expiresAt: { gt: now },
});

/**
 * Uses the token: returns what it was issued for, or null when it is
 * unknown, of another purpose, already used, replaced or expired (one answer
 * for all, so nothing tells them apart). Call it inside the transaction that
 * does the work, so a failure later in it leaves the link usable.
 */
export async function consumeAccountToken(tx: Tx, token: string, purpose: AccountTokenPurpose, now = new Date()): Promise<LiveAccountToken | null> {
  if (!isWellFormedAccountToken(token)) return null;
  const { count } = await tx.accountToken.updateMany({ where: liveWhere(token, purpose, now), data: { usedAt: now } });
  if (count !== 1) return null;
  return tx.accountToken.findUnique({
    where: { tokenHash: hashAccountToken(token) },
    select: { id: true, userId: true, newEmail: true, expiresAt: true },
  });
}

/** Whether the token would work right now, without using it (the reset page decides whether to show its form). */
export async function findLiveAccountToken(token: string, purpose: AccountTokenPurpose, now = new Date()): Promise<LiveAccountToken | null> {
  if (!isWellFormedAccountToken(token)) return null;
  return db.accountToken.findFirst({ where: liveWhere(token, purpose, now), select: { id: true, userId: true, newEmail: true, expiresAt: true } });
}

/** Kills every unused token of these purposes for the user (a reset cancels a pending email change, and so on). */
export async function revokeAccountTokens(tx: Tx, userId: string, purposes: AccountTokenPurpose[]): Promise<number> {
  const { count } = await tx.accountToken.deleteMany({ where: { userId, purpose: { in: purposes }, usedAt: null } });
  return count;
}
