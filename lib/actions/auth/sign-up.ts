"use server";

import { signUpSchema } from "@/lib/auth/schemas";
import { currentRequestMeta } from "@/lib/auth/session";
import { signUpFrom } from "@/lib/auth/users";
import { failure, type ActionInput, type ActionResult } from "../action";

/**
 * What the form does next. "check-email": show "Check your email to confirm
 * your address", whether the address was new or taken (only its owner's
 * inbox tells them apart). "sign-in": sign in with the same credentials now
 * (the invitation proved the address, or the install does not ask).
 */
export type SignUpResult = { next: "check-email" | "sign-in"; email: string };

/**
 * Creates an account. Not an authedAction: there is no session yet.
 * Sign-ups are limited per client address (lib/auth/sign-up-throttle.ts).
 * `invitationToken`: the invitation whose "Create an account" link led here.
 */
export async function signUp(input: ActionInput): Promise<ActionResult<SignUpResult>> {
  try {
    const values = input instanceof FormData ? Object.fromEntries(input.entries()) : input;
    // Field errors first: a form with mistakes does not use up the address's allowance.
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) return failure(parsed.error);
    const meta = await currentRequestMeta();
    const invitationToken = typeof values.invitationToken === "string" ? values.invitationToken : undefined;
    const outcome = await signUpFrom(meta.ip, parsed.data, undefined, { invitationToken, meta });
    if (outcome.next === "check-email") {
      return { ok: true, data: { next: "check-email", email: outcome.email }, message: "Check your email to confirm your address." };
    }
    return { ok: true, data: { next: "sign-in", email: outcome.user.email }, message: "Account created." };
  } catch (error) {
    return failure(error);
  }
}
