/**
 * What the account page's forms send: shared by the forms, the server actions
 * and the services. The name and the new password follow sign-up's rules, so
 * an account can never get a name or password that sign-up would refuse.
 * Safe to import from client components.
 */
import { z } from "zod";
import { signUpSchema } from "../auth/schemas";

const newPassword = signUpSchema.shape.password;
// Only checked against the stored hash: any character goes, but not without limit (argon2 reads it all).
const currentPassword = (message: string) => z.string({ error: message }).min(1, message).max(256, "That is not your current password.");

export const updateProfileSchema = z.object({ name: signUpSchema.shape.name });

export const changePasswordSchema = z.object({
  currentPassword: currentPassword("Enter your current password."),
  newPassword,
});

/** An account that signs in only with single sign-on (no password yet). */
export const setPasswordSchema = z.object({ newPassword });

/** The password for an account that has one; the account's email, typed out, for an SSO-only account. */
export const deleteAccountSchema = z.object({
  password: z.string().max(256, "That is not your current password.").optional(),
  confirmEmail: z.string().max(254, "Type your email address exactly to confirm.").optional(),
});
