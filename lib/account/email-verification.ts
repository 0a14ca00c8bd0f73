/**
 * Email confirmation. A new account is sent a link (24 h); until its address
 * is confirmed it may not create API keys. Opening the link, using a password
 * reset link, confirming an email change, or accepting an invitation sent to
 * the address all prove it. REQUIRE_EMAIL_VERIFICATION=false turns the
 * requirement off (lib/account/config.ts).
 */
import type { Actor } from "../actor";
import { recordAccountEvent } from "../auth/account-audit";
import { db, type Tx } from "../db";
import { emailConfigFromEnv } from "../email/config";
import { AppError } from "../errors";
import type { RequestMeta } from "../request-meta";
import { emailVerificationRequired } from "./config";
import { emailVerificationUrl, renderEmailVerificationEmail, sendAccountEmail } from "./emails";
import { admitVerificationEmail, type LimitOptions } from "./limits";
import { consumeAccountToken, issueAccountToken, revokeAccountTokens, type IssuedAccountToken } from "./tokens";

export const KEYS_NEED_CONFIRMED_EMAIL =
  "Confirm your email address before creating API keys: open the link we sent you, or send a new one from the banner at the top of the page.";

type Person = { id: string; name: string; email: string };

/** Issues a confirmation link in the caller's transaction (the account's creation, say); send it once that commits. */
export function issueVerificationToken(tx: Tx, userId: string, now = new Date()): Promise<IssuedAccountToken> {
  return issueAccountToken(tx, { userId, purpose: "email_verify", now });
}

export function sendVerificationEmail(user: Person, issued: IssuedAccountToken) {
  return sendAccountEmail(user.email, renderEmailVerificationEmail(user, emailVerificationUrl(issued.token), issued.expiresAt), "confirmation");
}

/**
 * Marks the address confirmed, audited, when it is not yet; kills any
 * outstanding confirmation link. `email` must be the address proven: a
 * change committed meanwhile makes this a no-op.
 */
export async function markEmailConfirmed(
  tx: Tx,
  userId: string,
  email: string,
  via: "link" | "invitation" | "password_reset" | "email_change",
  meta: RequestMeta,
  now = new Date(),
): Promise<boolean> {
  const { count } = await tx.user.updateMany({ where: { id: userId, email, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
  if (count === 1) await recordAccountEvent(tx, userId, "email.verified", { email, via }, meta);
  await revokeAccountTokens(tx, userId, ["email_verify"]);
  return count === 1;
}

export type ConfirmedEmail = { email: string; alreadyConfirmed: boolean };

/** Opens a confirmation link: null when it is unknown, used, replaced or expired. */
export async function confirmEmailAddress(token: string, meta: RequestMeta, now = new Date()): Promise<ConfirmedEmail | null> {
  return db.$transaction(async (tx) => {
    const used = await consumeAccountToken(tx, token, "email_verify", now);
    if (!used) return null;
    const user = await tx.user.findUnique({ where: { id: used.userId }, select: { email: true, emailVerifiedAt: true } });
    if (!user) return null;
    const confirmed = await markEmailConfirmed(tx, used.userId, user.email, "link", meta, now);
    return { email: user.email, alreadyConfirmed: !confirmed };
  });
}

/** The banner's "Resend link": throttled per account; an already confirmed address gets nothing. */
export async function resendVerificationEmail(actor: Actor, options: LimitOptions = {}): Promise<{ sent: boolean; email: string }> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (user.emailVerifiedAt) return { sent: false, email: user.email };
  await admitVerificationEmail(user.id, options);
  const issued = await db.$transaction((tx) => issueVerificationToken(tx, user.id));
  const result = await sendVerificationEmail(user, issued);
  if (!result) throw new AppError("INTERNAL", "The email could not be sent. Try again in a few minutes.");
  return { sent: true, email: user.email };
}

export type EmailConfirmationState = {
  /** Whether this install asks for confirmed addresses at all. */
  required: boolean;
  confirmed: boolean;
  email: string;
  /** No SMTP server configured: links are written to the server's log instead. */
  mailLogged: boolean;
};

/** For the console's banner and the account page. */
export async function emailConfirmationOf(userId: string): Promise<EmailConfirmationState | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user) return null;
  return { required: emailVerificationRequired(), confirmed: !!user.emailVerifiedAt, email: user.email, mailLogged: !emailConfigFromEnv().smtp };
}

/** Refuses key creation while the caller's address is unconfirmed (and the install asks for it). */
export async function assertEmailConfirmed(tx: Tx, userId: string): Promise<void> {
  if (!emailVerificationRequired()) return;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw new AppError("FORBIDDEN", KEYS_NEED_CONFIRMED_EMAIL);
}
