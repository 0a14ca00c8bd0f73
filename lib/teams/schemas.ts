import { z } from "zod";
import { idSchema, multiLineText, singleLineText } from "../validation";

export const teamNameSchema = singleLineText({
  min: 2,
  minMessage: "Use at least 2 characters.",
  max: 60,
  maxMessage: "Keep the name under 60 characters.",
}).regex(/[\p{L}\p{N}]/u, "Include at least one letter or digit.");

export const teamDescriptionSchema = multiLineText({ max: 280, maxMessage: "Keep the description under 280 characters." });

export const createTeamSchema = z.object({
  name: teamNameSchema,
  description: teamDescriptionSchema.optional().default(""),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

export const teamIdSchema = idSchema("team");

export const updateTeamSchema = z.object({
  teamId: teamIdSchema,
  name: teamNameSchema,
  description: teamDescriptionSchema.default(""),
});
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

export const deleteTeamSchema = z.object({
  teamId: teamIdSchema,
  // Compared with the team's name, never stored or shown.
  confirmName: z.string({ error: "Type the team's name to confirm." }).max(200),
});
export type DeleteTeamInput = z.input<typeof deleteTeamSchema>;

export const leaveTeamSchema = z.object({ teamId: teamIdSchema });
export type LeaveTeamInput = z.input<typeof leaveTeamSchema>;
