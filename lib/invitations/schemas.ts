import { z } from "zod";
import { emailSchema } from "../auth/schemas";
import { roleSchema } from "../members/schemas";

const id = (what: string) => z.string().trim().min(1, `Missing ${what}.`).max(64);

export const MESSAGE_MAX = 500;

export const inviteMemberSchema = z.object({
  teamId: id("team"),
  email: emailSchema,
  role: roleSchema,
  message: z
    .string()
    .trim()
    .max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX} characters.`)
    .optional()
    .default(""),
});
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const invitationRefSchema = z.object({
  teamId: id("team"),
  invitationId: id("invitation"),
});
export type InvitationRef = z.infer<typeof invitationRefSchema>;

export const acceptInvitationSchema = z.object({
  token: z.string().trim().min(1, "This invitation link is incomplete.").max(200),
});
