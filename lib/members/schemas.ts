import { z } from "zod";
import { ROLES } from "../permissions";
import { idSchema } from "../validation";

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });

export const changeMemberRoleSchema = z.object({
  teamId: idSchema("team"),
  membershipId: idSchema("member"),
  role: roleSchema,
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.object({
  teamId: idSchema("team"),
  membershipId: idSchema("member"),
});
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;
