import { z } from "zod";
import { singleLineText } from "../validation";

/** The email pattern is ASCII-only, so control characters and lone surrogates fail it too. */
export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .email("Enter a valid email address.");

// Passwords are not text we show or log: any character is allowed (they are only hashed).
const passwordSchema = z.string({ error: "Enter your password." });

export const signInSchema = z.object({
  email: emailSchema,
  password: passwordSchema.min(1, "Enter your password.").max(256),
});

export const signUpSchema = z.object({
  name: singleLineText({ min: 1, minMessage: "Enter your name.", max: 100, maxMessage: "Keep your name under 100 characters." }),
  email: emailSchema,
  password: passwordSchema.min(10, "Use at least 10 characters.").max(256, "Use at most 256 characters."),
});
export type SignUpInput = z.infer<typeof signUpSchema>;
