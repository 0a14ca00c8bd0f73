/**
 * "Forgot password?": a single-use link (1 h) to the account's address. The
 * request answers the same whether or not an account has the address, and is
 * throttled per address and per client network (lib/account/limits.ts). The
 * reset sets a new password (the sign-up rules), confirms the address (the
 * link proved it), cancels a pending email change and signs out every
 * session, all in one transaction, audited "password.reset".
 */
import { z } from "zod";
import { recordAccountEvent } from "../auth/account-audit";
import { hashPassword } from "../auth/password";
import { emailSchema, signUpSchema } from "../auth/schemas";
import { revokeAllSessions } from "../auth/sessions";
import { SIGN_IN_WINDOW_MS } from "../auth/throttle";
import { db } from "../db";
import { AppError } from "../errors";
import type { Limiter } from "../limits/limiter";
import { limitAddress, type RequestMeta } from "../request-meta";
import { parseInput } from "../validation";
import type { PasswordResetLimits } from "./config";
import { markEmailConfirmed } from "./email-verification";
import { passwordResetUrl, renderPasswordResetEmail, sendAccountEmail } from "./emails";
import { accountLimiter, admitPasswordResetRequest } from "./limits";
import { consumeAccountToken, issueAccountToken, revokeAccountTokens } from "./tokens";

export const RESET_REQUESTED_MESSAGE = "If an account exists for that address, we sent a link to reset its password. The link works for 1 hour.";
export const RESET_LINK_INVALID_MESSAGE = "This reset link is no longer valid: it was already used, a newer one was sent, or it expired. Ask for a new one.";

export const forgotPasswordSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({
  token: z.string({ error: RESET_LINK_INVALID_MESSAGE }).max(100, RESET_LINK_INVALID_MESSAGE),
  password: signUpSchema.shape.password,
});

export type ResetOptions = {
  limiter?: Limiter;
  limits?: PasswordResetLimits;
  now?: Date;
  /** Tests wait for the email; the app sends it in the background so the answer takes as long either way. */
  waitForEmail?: boolean;
};

/** One answer for every address: the message. Throws RATE_LIMITED (also the same for every address) when throttled. */
export async function requestPasswordReset(input: unknown, meta: RequestMeta, options: ResetOptions = {}): Promise<{ message: string }> {
  const { email } = parseInput(forgotPasswordSchema, input);
  const now = options.now ?? new Date();
  await admitPasswordResetRequest(email, meta.ip, { limiter: options.limiter, limits: options.limits, now: now.getTime() });

  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (user) {
    const issued = await db.$transaction(async (tx) => {
      const issued = await issueAccountToken(tx, { userId: user.id, purpose: "password_reset", now });
      await recordAccountEvent(tx, user.id, "password.reset_requested", {}, meta);
      return issued;
    });
    const sending = sendAccountEmail(user.email, renderPasswordResetEmail(user, passwordResetUrl(issued.token), issued.expiresAt), "password reset");
    if (options.waitForEmail) await sending;
  }
  return { message: RESET_REQUESTED_MESSAGE };
}

/**
 * Sets the new password from a reset link. Every session of the account is
 * signed out (this browser's too: the user signs in again). Throws NOT_FOUND
 * with RESET_LINK_INVALID_MESSAGE for a used, replaced, expired or unknown link.
 */
export async function resetPassword(input: unknown, meta: RequestMeta, options: Pick<ResetOptions, "limiter" | "now"> = {}): Promise<{ email: string; sessionsEnded: number }> {
  const { token, password } = parseInput(resetPasswordSchema, input);
  const now = options.now ?? new Date();
  // Hashed before the transaction: argon2 takes a while, and the transaction holds the write lock.
  const passwordHash = await hashPassword(password);
  const done = await db.$transaction(async (tx) => {
    const used = await consumeAccountToken(tx, token, "password_reset", now);
    if (!used) return null;
    const user = await tx.user.update({ where: { id: used.userId }, data: { passwordHash }, select: { id: true, email: true } });
    await markEmailConfirmed(tx, user.id, user.email, "password_reset", meta, now);
    // Whoever asked to move the account to another address may be the reason for the reset.
    await revokeAccountTokens(tx, user.id, ["email_change", "password_reset"]);
    const sessionsEnded = await revokeAllSessions(user.id, meta, { reason: "password_reset", tx });
    await recordAccountEvent(tx, user.id, "password.reset", { sessionsEnded }, meta);
    return { email: user.email, sessionsEnded };
  });
  if (!done) throw new AppError("NOT_FOUND", RESET_LINK_INVALID_MESSAGE);
  await forgiveSignInFailures(done.email, meta.ip, options.limiter).catch((error) => {
    console.error("[account] could not clear sign-in failures after a reset:", (error as Error)?.message ?? error);
  });
  return done;
}

/**
 * The owner just proved the address, so the failed sign-ins counted against
 * the account (from anywhere, and from this network) are forgiven: a guesser
 * who paused the account cannot keep its owner out after a reset. The sign-in
 * throttle (lib/auth/throttle.ts) has no call for this, so its counters are
 * given back here by name; a give-back never takes a count below zero.
 */
async function forgiveSignInFailures(email: string, ip: string, limiter: Limiter = accountLimiter()): Promise<void> {
  const rule = { limit: 1, windowMs: SIGN_IN_WINDOW_MS };
  const all = -1_000_000_000;
  await limiter.consume(`sign-in:account:${email}`, rule, all);
  await limiter.consume(`sign-in:account-ip:${email}|${limitAddress(ip)}`, rule, all);
}
