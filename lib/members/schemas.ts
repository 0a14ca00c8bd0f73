import { z } from "zod";
import { ROLES } from "../permissions";

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });

const id = (what: string) => z.string().trim().min(1, `Missing ${what}.`).max(64);

export const changeMemberRoleSchema = z.object({
  teamId: id("team"),
  membershipId: id("member"),
  role: roleSchema,
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.object({
  teamId: id("team"),
  membershipId: id("member"),
});
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;
