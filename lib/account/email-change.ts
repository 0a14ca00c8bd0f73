/**
 * Changing the account's address: asked for on the account page with the
 * current password (an account without one, single sign-on only, must have
 * signed in within 15 minutes instead: lib/account/confirm-identity.ts); a
 * link (1 h) goes to the NEW address and a notice without a link to the old
 * one. Opening the link moves the account to the new address, confirmed,
 * audited "email.changed" with both. Whether the new address is taken is
 * only found out then, and answered with a message that does not say so.
 * Other sessions stay signed in (docs/accounts.md, "Email").
 */
import { z } from "zod";
import type { Actor } from "../actor";
import { recordAccountEvent } from "../auth/account-audit";
import { emailSchema } from "../auth/schemas";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestMeta } from "../request-meta";
import { parseInput } from "../validation";
import { emailVerificationRequired } from "./config";
import { confirmPassword, requireRecentSignIn, WRONG_PASSWORD, type AccountActor } from "./confirm-identity";
import { emailChangeUrl, renderEmailChangeEmail, renderEmailChangeNoticeEmail, sendAccountEmail } from "./emails";
import { admitEmailChange, type LimitOptions } from "./limits";
import { consumeAccountToken, issueAccountToken, revokeAccountTokens } from "./tokens";

export const EMAIL_CHANGE_REFUSED_MESSAGE = "This address can't be used for your account. Choose another one on your account page.";

export const requestEmailChangeSchema = z.object({
  newEmail: emailSchema,
  password: z.string({ error: "Enter your current password." }).max(256, WRONG_PASSWORD).optional(),
});

export type RequestedEmailChange = { newEmail: string; expiresAt: Date; delivery: "sent" | "logged" };

export async function requestEmailChange(actor: AccountActor, input: unknown, options: LimitOptions = {}): Promise<RequestedEmailChange> {
  const { newEmail, password = "" } = parseInput(requestEmailChangeSchema, input);
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true, email: true, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (newEmail === user.email) throw new AppError("INVALID", "That is already your address.", { newEmail: "That is already your address." });

  // Who holds this session may not be the owner: the password, or for a single-sign-on account a recent sign-in.
  if (user.passwordHash !== "") await confirmPassword(user, password, actor.ip, "password");
  else await requireRecentSignIn(actor);

  await admitEmailChange(user.id, newEmail, options);
  const issued = await db.$transaction(async (tx) => {
    const issued = await issueAccountToken(tx, { userId: user.id, purpose: "email_change", newEmail });
    await recordAccountEvent(tx, user.id, "email.change_requested", { from: user.email, to: newEmail }, actor);
    return issued;
  });
  const sent = await sendAccountEmail(newEmail, renderEmailChangeEmail({ ...user, newEmail }, emailChangeUrl(issued.token), issued.expiresAt), "email change");
  if (!sent) {
    await db.$transaction((tx) => revokeAccountTokens(tx, user.id, ["email_change"]));
    throw new AppError("INTERNAL", `The email to ${newEmail} could not be sent. Check the address and try again in a few minutes.`);
  }
  await sendAccountEmail(user.email, renderEmailChangeNoticeEmail({ ...user, newEmail }), "email change notice");
  return { newEmail, expiresAt: issued.expiresAt, delivery: sent.via === "smtp" ? "sent" : "logged" };
}

export type ChangedEmail = { email: string; previous: string };

/**
 * Opens the link sent to the new address. Needs no session: the link proves
 * the mailbox, and the request behind it was made with the password. Null for
 * a used, replaced, expired or unknown link; EMAIL_CHANGE_REFUSED_MESSAGE
 * when another account has the address by now.
 */
export async function confirmEmailChange(token: string, meta: RequestMeta, now = new Date()): Promise<ChangedEmail | null> {
  try {
    return await db.$transaction(async (tx) => {
      const used = await consumeAccountToken(tx, token, "email_change", now);
      if (!used?.newEmail) return null;
      const user = await tx.user.findUnique({ where: { id: used.userId }, select: { id: true, email: true } });
      if (!user) return null;
      const holder = await tx.user.findUnique({ where: { email: used.newEmail }, select: { id: true } });
      if (holder && holder.id !== user.id) throw new AppError("CONFLICT", EMAIL_CHANGE_REFUSED_MESSAGE);
      await tx.user.update({ where: { id: user.id }, data: { email: used.newEmail, emailVerifiedAt: now } });
      // Links sent to the old address must not work for the account any more.
      await revokeAccountTokens(tx, user.id, ["password_reset", "email_verify", "email_change"]);
      await recordAccountEvent(tx, user.id, "email.changed", { from: user.email, to: used.newEmail }, meta);
      return { email: used.newEmail, previous: user.email };
    });
  } catch (error) {
    // Another account took the address between the check and the update: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", EMAIL_CHANGE_REFUSED_MESSAGE);
    throw error;
  }
}

/** The change waiting for its link, for the account page. */
export async function pendingEmailChange(userId: string, now = new Date()): Promise<{ newEmail: string; expiresAt: Date } | null> {
  const row = await db.accountToken.findFirst({
    where: { userId, purpose: "email_change", usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { newEmail: true, expiresAt: true },
  });
  return row?.newEmail ? { newEmail: row.newEmail, expiresAt: row.expiresAt } : null;
}

/** Withdraws a pending change: its link stops working. */
export async function cancelEmailChange(actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => (await revokeAccountTokens(tx, actor.userId, ["email_change"])) > 0);
}

/** What the account page's email card shows. */
export type EmailCardState = {
  email: string;
  confirmed: boolean;
  /** Whether this install asks for confirmed addresses (REQUIRE_EMAIL_VERIFICATION). */
  required: boolean;
  /** False for a single-sign-on account: the change needs a recent sign-in instead of the password. */
  hasPassword: boolean;
  pending: { newEmail: string; expiresAt: Date } | null;
};

export async function emailCardState(userId: string, now = new Date()): Promise<EmailCardState | null> {
  const [user, pending] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true, passwordHash: true } }),
    pendingEmailChange(userId, now),
  ]);
  if (!user) return null;
  return { email: user.email, confirmed: !!user.emailVerifiedAt, required: emailVerificationRequired(), hasPassword: user.passwordHash !== "", pending };
}
