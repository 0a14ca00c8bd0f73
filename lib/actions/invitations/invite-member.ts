"use server";

import { deliveryMessage } from "@/lib/invitations/deliver";
import { inviteMember as inviteMemberService } from "@/lib/invitations/invite-member";
import { inviteMemberSchema } from "@/lib/invitations/schemas";
import { authedAction } from "../action";

export const inviteMember = authedAction(inviteMemberSchema, async (input, actor) => {
  const result = await inviteMemberService(actor, input);
  return { data: result, message: deliveryMessage(result.email, result.delivery) };
});
