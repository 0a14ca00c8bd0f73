import { z } from "zod";

export const teamNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(60, "Keep the name under 60 characters.")
  .regex(/[\p{L}\p{N}]/u, "Include at least one letter or digit.");

export const teamDescriptionSchema = z.string().trim().max(280, "Keep the description under 280 characters.");

export const createTeamSchema = z.object({
  name: teamNameSchema,
  description: teamDescriptionSchema.optional().default(""),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

export const teamIdSchema = z.string().trim().min(1, "Missing team.").max(64);

export const updateTeamSchema = z.object({
  teamId: teamIdSchema,
  name: teamNameSchema,
  description: teamDescriptionSchema.default(""),
});
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

export const deleteTeamSchema = z.object({
  teamId: teamIdSchema,
  confirmName: z.string().max(200),
});
export type DeleteTeamInput = z.input<typeof deleteTeamSchema>;

export const leaveTeamSchema = z.object({ teamId: teamIdSchema });
export type LeaveTeamInput = z.input<typeof leaveTeamSchema>;
