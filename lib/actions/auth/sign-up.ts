"use server";

import { signUpSchema } from "@/lib/auth/schemas";
import { createUser } from "@/lib/auth/users";
import { failure, type ActionInput, type ActionResult } from "../action";

/**
 * Creates an account. Not an authedAction: there is no session yet. The
 * client signs in with the same credentials afterwards, which sets the cookie.
 */
export async function signUp(input: ActionInput): Promise<ActionResult<{ email: string }>> {
  try {
    const values = input instanceof FormData ? Object.fromEntries(input.entries()) : input;
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) return failure(parsed.error);
    const user = await createUser(parsed.data);
    return { ok: true, data: { email: user.email }, message: "Account created." };
  } catch (error) {
    return failure(error);
  }
}
