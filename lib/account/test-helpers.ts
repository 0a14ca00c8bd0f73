/** Accounts with a live session, for the account tests: each call a fresh user, address and session. */
import crypto from "node:crypto";
import { createSession, sessionIdOf } from "../auth/sessions";
import { createUser } from "../auth/users";
import { db } from "../db";
import type { AccountActor } from "./confirm-identity";

export const PASSWORD = "a long secret phrase";
export const NEW_PASSWORD = "another long phrase";

let made = 0;
const unique = () => `${Date.now().toString(36)}${(made++).toString(36)}${crypto.randomBytes(2).toString("hex")}`;
/** A documentation address per call, so the sign-in throttle's per-address counts of one test never reach another's. */
const freshIp = () => `198.18.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;

/**
 * A user signed in in one browser (the actor, with its session), created with
 * a password through sign-up's own path, or (`sso`) without one, its address
 * confirmed (so it may create keys). `signedInAt` backdates the session.
 */
export async function signedInUser(who = "sam", { sso = false, signedInAt = Date.now() }: { sso?: boolean; signedInAt?: number } = {}) {
  const email = `${who}-${unique()}@account.test`;
  const user = sso
    ? await db.user.create({ data: { name: `${who} SSO`, email, passwordHash: "", emailVerifiedAt: new Date() }, select: { id: true, email: true, name: true } })
    : await createUser({ name: `${who} Tester`, email, password: PASSWORD }, { emailVerifiedAt: new Date() });
  const meta = { ip: freshIp(), userAgent: "vitest" };
  const sessionId = sessionIdOf(await createSession(user.id, meta, signedInAt));
  const actor: AccountActor = { userId: user.id, email: user.email, sessionId, ...meta };
  return { user, actor };
}

/** Another browser of the same user. */
export async function anotherSession(userId: string): Promise<string> {
  return sessionIdOf(await createSession(userId, { ip: "203.0.113.77", userAgent: "other browser" }));
}

export const actionsOf = async (userId: string) =>
  (await db.userAuditLog.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((r) => ({ action: r.action, details: JSON.parse(r.details) }));
