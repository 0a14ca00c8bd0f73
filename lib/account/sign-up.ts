/**
 * The parts of sign-up that keep it from telling whether an address has an
 * account (lib/auth/users.ts signUpFrom uses them): the email to an existing
 * account's owner instead of a second account, and the invitation that
 * proves a new account's address.
 */
import { recordAccountEvent } from "../auth/account-audit";
import { db } from "../db";
import { invitationState } from "../invitations/get-invitation-by-token";
import { hashInvitationToken, isWellFormedToken } from "../invitations/token";
import type { RequestMeta } from "../request-meta";
import { renderSignUpAttemptEmail, sendAccountEmail } from "./emails";
import { mayNotifyOfSignUp } from "./limits";

/** What sign-up answers for a new address and for a taken one alike (with verification on). */
export type CheckEmailOutcome = { next: "check-email"; email: string };
export const checkEmail = (email: string): CheckEmailOutcome => ({ next: "check-email", email });

/**
 * Someone signed up with the address of an existing account: its owner is
 * told, at most a few times a day (lib/account/limits.ts), and the attempt
 * goes on the account's trail. `sending` settles once the email is sent
 * (the caller decides whether to wait for it; it never rejects).
 */
export async function notifySignUpAttempt(existing: { id: string; name: string; email: string }, meta: RequestMeta): Promise<{ sending: Promise<unknown> }> {
  await db.$transaction((tx) => recordAccountEvent(tx, existing.id, "email.sign_up_attempted", {}, meta));
  if (!(await mayNotifyOfSignUp(existing.email))) return { sending: Promise.resolve(null) };
  return { sending: sendAccountEmail(existing.email, renderSignUpAttemptEmail(existing), "sign-up attempt") };
}

/**
 * Whether `token` is a pending invitation sent to `email`: the sign-up that
 * came from its link ("Create an account" on the invite page) has proven the
 * address, so the account starts confirmed and signs in at once.
 */
export async function invitationProvesAddress(email: string, token: unknown, now = new Date()): Promise<boolean> {
  if (typeof token !== "string" || !isWellFormedToken(token)) return false;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { email: true, acceptedAt: true, revokedAt: true, expiresAt: true },
  });
  return !!invitation && invitationState(invitation, now) === "valid" && invitation.email.toLowerCase() === email;
}
