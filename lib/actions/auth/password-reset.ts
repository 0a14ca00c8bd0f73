"use server";

import { requestPasswordReset, resetPassword as resetPasswordService } from "@/lib/account/password-reset";
import { currentRequestMeta } from "@/lib/auth/session";
import { failure, type ActionInput, type ActionResult } from "../action";

const valuesOf = (input: ActionInput) => (input instanceof FormData ? Object.fromEntries(input.entries()) : input);

/**
 * "Forgot password?": the same answer for every address (a message), unless
 * the address or the client's network asked too often. No session needed.
 */
export async function forgotPassword(input: ActionInput): Promise<ActionResult<null>> {
  try {
    const { message } = await requestPasswordReset(valuesOf(input), await currentRequestMeta());
    return { ok: true, data: null, message };
  } catch (error) {
    return failure(error);
  }
}

/** Sets the new password from a reset link; every session of the account is signed out. */
export async function resetPassword(input: ActionInput): Promise<ActionResult<{ email: string }>> {
  try {
    const { email } = await resetPasswordService(valuesOf(input), await currentRequestMeta());
    return { ok: true, data: { email }, message: "Your password was reset. Sign in with your new password." };
  } catch (error) {
    return failure(error);
  }
}
