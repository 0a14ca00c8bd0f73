"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancelEmailChange as cancelEmailChangeService, requestEmailChange } from "@/lib/account/email-change";
import { resendVerificationEmail } from "@/lib/account/email-verification";
import type { AccountActor } from "@/lib/account/confirm-identity";
import { currentRequestMeta, getCurrentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { authedAction } from "../action";

/** The signed-in user and this browser's session (an SSO-only account's change needs a recent sign-in of it). */
async function accountActor(): Promise<AccountActor> {
  const current = await getCurrentSession();
  if (!current) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return { userId: current.user.id, email: current.user.email, sessionId: current.sessionId, ...(await currentRequestMeta()) };
}

// Validated in lib/account/email-change.ts (field errors named after the form's fields).
const asSent = z.object({ newEmail: z.unknown(), password: z.unknown() }).partial();

/** Asks to move the account to another address: a link goes there, a notice to the current one. */
export const changeEmail = authedAction(
  asSent,
  async (input, actor) => {
    const requested = await requestEmailChange(actor as AccountActor, input);
    revalidatePath("/account");
    const message =
      requested.delivery === "sent"
        ? `We sent a link to ${requested.newEmail}. Your address changes when you open it.`
        : `Email isn't set up on this server: the link for ${requested.newEmail} was written to the server's log.`;
    return { data: { newEmail: requested.newEmail, expiresAt: requested.expiresAt.toISOString() }, message };
  },
  accountActor,
);

/** Withdraws a pending change: the link sent to the new address stops working. */
export const cancelEmailChange = authedAction(z.object({}), async (_input, actor) => {
  const cancelled = await cancelEmailChangeService(actor);
  revalidatePath("/account");
  return { data: null, message: cancelled ? "The change was cancelled: the link no longer works." : "No change was waiting." };
});

/** "Resend link" of the confirmation banner; throttled per account. */
export const resendVerification = authedAction(z.object({}), async (_input, actor): Promise<{ data: { sent: boolean }; message: string }> => {
  const { sent, email } = await resendVerificationEmail(actor);
  if (!sent) {
    revalidatePath("/", "layout");
    return { data: { sent }, message: "Your address is already confirmed." };
  }
  return { data: { sent }, message: `We sent a new link to ${email}. It works for 24 hours.` };
});
