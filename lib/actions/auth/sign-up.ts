"use server";

import { signUpSchema } from "@/lib/auth/schemas";
import { currentRequestMeta } from "@/lib/auth/session";
import { signUpFrom } from "@/lib/auth/users";
import { failure, type ActionInput, type ActionResult } from "../action";

/**
 * Creates an account. Not an authedAction: there is no session yet. The
 * client signs in with the same credentials afterwards, which sets the cookie.
 * Sign-ups are limited per client address (lib/auth/sign-up-throttle.ts).
 */
export async function signUp(input: ActionInput): Promise<ActionResult<{ email: string }>> {
  try {
    const values = input instanceof FormData ? Object.fromEntries(input.entries()) : input;
    // Field errors first: a form with mistakes does not use up the address's allowance.
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) return failure(parsed.error);
    const { ip } = await currentRequestMeta();
    const user = await signUpFrom(ip, parsed.data);
    return { ok: true, data: { email: user.email }, message: "Account created." };
  } catch (error) {
    return failure(error);
  }
}
