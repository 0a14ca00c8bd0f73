import { recordAccountEvent } from "../auth/account-audit";
import { hashPassword, verifyPassword } from "../auth/password";
import { revokeAllSessions } from "../auth/sessions";
import type { SignInThrottle } from "../auth/throttle";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { confirmPassword, requireRecentSignIn, SESSION_ENDED, type AccountActor } from "./confirm-identity";
import { changePasswordSchema, setPasswordSchema } from "./profile-schemas";

const CHANGED_MEANWHILE = "Your password was changed meanwhile (perhaps in another browser). Reload the page and try again.";
const SAME_PASSWORD = "Choose a password different from your current one.";

async function passwordOf(userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
  return user;
}

/**
 * Changes the password: the current one is required (and wrong guesses are
 * throttled like sign-ins). In one transaction the new hash is stored, every
 * other session is signed out (this browser stays signed in), reset links
 * sent before are spent, and the change is audited. Resolves to how many
 * sessions were signed out.
 */
export async function changePassword(
  actor: AccountActor,
  input: unknown,
  { throttle, now = new Date() }: { throttle?: SignInThrottle; now?: Date } = {},
): Promise<{ signedOut: number }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const user = await passwordOf(actor.userId);
  if (user.passwordHash === "") throw new AppError("CONFLICT", "Your account has no password yet. Reload the page to set one.");
  await confirmPassword(user, currentPassword, actor.ip, "currentPassword", throttle);
  if (await verifyPassword(user.passwordHash, newPassword)) throw new AppError("INVALID", SAME_PASSWORD, { newPassword: SAME_PASSWORD });
  // Hashed before the transaction: argon2 takes tens of milliseconds, and SQLite's write lock is held by one transaction at a time.
  const passwordHash = await hashPassword(newPassword);
  const signedOut = await db.$transaction(async (tx) => {
    // Conditional on the hash just checked: a change made meanwhile elsewhere is not silently overwritten.
    const { count } = await tx.user.updateMany({ where: { id: actor.userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
    // A reset link asked for before the change must not undo it.
    await tx.accountToken.updateMany({ where: { userId: actor.userId, purpose: "password_reset", usedAt: null }, data: { usedAt: now } });
    await recordAccountEvent(tx, actor.userId, "password.changed", {}, actor);
    return revokeAllSessions(actor.userId, actor, { keepId: actor.sessionId, reason: "password_changed", tx });
  });
  return { signedOut };
}

/**
 * Gives an account that signs in only with single sign-on a password. There
 * is no current password to ask for, so the session must have signed in in
 * the last 15 minutes (lib/account/confirm-identity.ts): an old or stolen
 * session cannot add a way in. Other sessions stay signed in: nothing they
 * knew has changed.
 */
export async function setPassword(actor: AccountActor, input: unknown, { now = new Date() }: { now?: Date } = {}): Promise<void> {
  const { newPassword } = parseInput(setPasswordSchema, input);
  const user = await passwordOf(actor.userId);
  if (user.passwordHash !== "") throw new AppError("CONFLICT", "Your account already has a password. Reload the page to change it.");
  await requireRecentSignIn(actor, now.getTime());
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: actor.userId, passwordHash: "" }, data: { passwordHash } });
    if (count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
    await recordAccountEvent(tx, actor.userId, "password.set", {}, actor);
  });
}
