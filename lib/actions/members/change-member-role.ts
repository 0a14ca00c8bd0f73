"use server";

import { changeMemberRole as changeMemberRoleService } from "@/lib/members/change-member-role";
import { changeMemberRoleSchema } from "@/lib/members/schemas";
import { ROLE_LABELS } from "@/lib/permissions";
import { authedAction } from "../action";

export const changeMemberRole = authedAction(changeMemberRoleSchema, async (input, actor) => {
  const result = await changeMemberRoleService(actor, input);
  return { data: result, message: result.changed ? `Role changed to ${ROLE_LABELS[result.to]}.` : "Role unchanged." };
});
