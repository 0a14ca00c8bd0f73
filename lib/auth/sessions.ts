/**
 * Server-side sessions. Signing in creates a UserSession row; the session
 * cookie (next-auth's encrypted JWT) carries a random secret whose SHA-256 is
 * the row's id. Every request looks the row up (lib/auth/session.ts): a
 * deleted or expired row is a signed-out browser, on its very next request,
 * on every replica. A copied cookie dies with its row.
 *
 * The row rolls forward with use (like the cookie, which next-auth re-issues
 * as it is used): `lastSeenAt`, the address and the browser are refreshed at
 * most once a minute, so a busy page costs one small write a minute, not one
 * per request.
 */
import crypto from "node:crypto";
import { db, type Tx } from "../db";
import type { RequestMeta } from "../request-meta";
import { recordAccountEvent } from "./account-audit";

/** How long a session lives without use (the cookie's own maxAge). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** lastSeenAt (and the expiry) move at most this often. */
export const SESSION_TOUCH_MS = 60_000;
/** Sessions listed on the account page, newest first; older ones stay valid. */
export const SESSIONS_LISTED = 50;

export type SessionRecord = {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string;
};

/** The id stored for a session secret: its SHA-256, so the table holds nothing a cookie can be made from. */
export function sessionIdOf(secret: string): string {
  return crypto.hash("sha256", secret, "hex");
}

const expiryFrom = (now: number) => new Date(now + SESSION_MAX_AGE_S * 1000);

/** A new session for `userId`; resolves to the secret the cookie carries (shown to nobody, stored as a hash). */
export async function createSession(userId: string, meta: RequestMeta, now = Date.now(), tx: Tx = db): Promise<string> {
  const secret = crypto.randomBytes(32).toString("base64url");
  await tx.userSession.create({
    data: { id: sessionIdOf(secret), userId, createdAt: new Date(now), lastSeenAt: new Date(now), expiresAt: expiryFrom(now), ip: meta.ip, userAgent: meta.userAgent },
  });
  return secret;
}

/** The live session with this id, with its user; undefined when it was signed out, expired, or never existed. */
export async function findLiveSession(id: string, now = Date.now()) {
  const row = await db.userSession.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.expiresAt.getTime() <= now) return undefined;
  return row;
}

/**
 * Moves lastSeenAt and the expiry forward when the last move is over a minute
 * old, and notes the current address and browser. A session deleted in the
 * meantime stays deleted (updateMany matches nothing).
 */
export async function touchSession(session: Pick<SessionRecord, "id" | "lastSeenAt">, meta: RequestMeta, now = Date.now()): Promise<void> {
  if (now - session.lastSeenAt.getTime() < SESSION_TOUCH_MS) return;
  await db.$transaction((tx) =>
    tx.userSession.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now), expiresAt: expiryFrom(now), ip: meta.ip, userAgent: meta.userAgent } }),
  );
}

/** The user's live sessions, most recently used first. */
export async function listSessions(userId: string, now = Date.now()): Promise<SessionRecord[]> {
  return db.userSession.findMany({
    where: { userId, expiresAt: { gt: new Date(now) } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    take: SESSIONS_LISTED,
  });
}

/** Signs out the session behind a cookie's secret (the sign-out button). Not audited: the user did it in that very browser. */
export async function endSession(secret: string): Promise<void> {
  await db.$transaction((tx) => tx.userSession.deleteMany({ where: { id: sessionIdOf(secret) } }));
}

/**
 * Signs out one of the user's own sessions (the account page), audited. A
 * session of another user, or one already gone, is "not found": nothing
 * changes, and nothing tells whether such an id exists.
 */
export async function revokeSession(userId: string, sessionId: string, meta: RequestMeta): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.userSession.findFirst({ where: { id: sessionId, userId } });
    if (!row) return false;
    await tx.userSession.delete({ where: { id: row.id } });
    await recordAccountEvent(tx, userId, "session.revoked", { device: row.userAgent, ip: row.ip, signedInAt: row.createdAt.toISOString() }, meta);
    return true;
  });
}

/**
 * Signs out every session of the user, or every one but `keepId` (the
 * browser asking). Used by "sign out everywhere", and by password changes and
 * resets. `tx` lets a caller do it in its own transaction.
 */
export async function revokeAllSessions(userId: string, meta: RequestMeta, options: { keepId?: string; reason?: string; tx?: Tx } = {}): Promise<number> {
  const run = async (tx: Tx) => {
    const { count } = await tx.userSession.deleteMany({ where: { userId, ...(options.keepId ? { id: { not: options.keepId } } : {}) } });
    await recordAccountEvent(tx, userId, options.keepId ? "session.revoked_others" : "session.revoked_all", { count, ...(options.reason ? { reason: options.reason } : {}) }, meta);
    return count;
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}
