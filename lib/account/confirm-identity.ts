/**
 * "Is it really you?" before a change that a stolen session must not be able
 * to make: the current password, counted by the sign-in throttle, or, for an
 * account without a password (single sign-on only), a recent sign-in.
 */
import type { Actor } from "../actor";
import { verifyPassword } from "../auth/password";
import type { SignInThrottle } from "../auth/throttle";
import { signInThrottle } from "../auth/throttles";
import { db } from "../db";
import { AppError } from "../errors";

/** The session calling: its id (the row's, a hash) identifies "this browser". */
export type AccountActor = Actor & { sessionId: string };

/** An account without a password must have signed in this recently to set one or to delete the account. */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

export const WRONG_PASSWORD = "That is not your current password.";
export const SIGN_IN_AGAIN = "For your security, sign in again (it has been more than 15 minutes), then try once more.";
export const SESSION_ENDED = "Your session has ended. Sign in again.";

/**
 * Checks the account's own password. Each try is charged to the same counters
 * as a sign-in for this account from this address (lib/auth/throttle.ts), so
 * a stolen session cannot guess the password here faster than at the sign-in
 * form, nor double its guesses by using both. A right password gives the
 * charge back, as a sign-in does.
 */
export async function confirmPassword(
  user: { email: string; passwordHash: string },
  password: string,
  ip: string,
  field: string,
  throttle: SignInThrottle = signInThrottle(),
): Promise<void> {
  const admitted = await throttle.admit(user.email, ip);
  if (!password || !(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("INVALID", WRONG_PASSWORD, { [field]: WRONG_PASSWORD });
  }
  await admitted.succeeded();
}

/** Whether the calling session signed in within RECENT_SIGN_IN_MS (false when the session is gone). */
export async function signedInRecently(actor: Pick<AccountActor, "userId" | "sessionId">, now = Date.now()): Promise<boolean> {
  const session = await db.userSession.findFirst({ where: { id: actor.sessionId, userId: actor.userId }, select: { createdAt: true } });
  return !!session && now - session.createdAt.getTime() <= RECENT_SIGN_IN_MS;
}

export async function requireRecentSignIn(actor: Pick<AccountActor, "userId" | "sessionId">, now = Date.now()): Promise<void> {
  if (!(await signedInRecently(actor, now))) throw new AppError("FORBIDDEN", SIGN_IN_AGAIN);
}
