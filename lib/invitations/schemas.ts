import { z } from "zod";
import { emailSchema } from "../auth/schemas";
import { roleSchema } from "../members/schemas";
import { idSchema, multiLineText } from "../validation";

export const MESSAGE_MAX = 500;

export const inviteMemberSchema = z.object({
  teamId: idSchema("team"),
  email: emailSchema,
  role: roleSchema,
  // Quoted in the email's text and HTML: line breaks are kept, other control characters refused.
  message: multiLineText({ max: MESSAGE_MAX, maxMessage: `Keep the message under ${MESSAGE_MAX} characters.` })
    .optional()
    .default(""),
});
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const invitationRefSchema = z.object({
  teamId: idSchema("team"),
  invitationId: idSchema("invitation"),
});
export type InvitationRef = z.infer<typeof invitationRefSchema>;

// Its shape is checked by isWellFormedToken before any lookup; this only bounds it.
export const acceptInvitationSchema = z.object({
  token: z.string({ error: "This invitation link is incomplete." }).trim().min(1, "This invitation link is incomplete.").max(200),
});
