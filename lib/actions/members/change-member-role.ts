"use server";

import { changeMemberRole as changeMemberRoleService } from "@/lib/members/change-member-role";
import { changeMemberRoleSchema } from "@/lib/members/schemas";
import { authedAction } from "../action";
import { roleChangedMessage } from "./messages";

export const changeMemberRole = authedAction(changeMemberRoleSchema, async (input, actor) => {
  const result = await changeMemberRoleService(actor, input);
  return { data: result, message: roleChangedMessage(result) };
});
