"use server";

import { revokeAdminKey as revokeAdminKeyService } from "@/lib/admin-keys/revoke";
import { revokeAdminKeySchema } from "@/lib/admin-keys/schemas";
import { authedAction } from "../action";
import { revalidateAdminKeyPages } from "./revalidate";

export const revokeAdminKey = authedAction(revokeAdminKeySchema, async (input, actor) => {
  const key = await revokeAdminKeyService(actor, input);
  revalidateAdminKeyPages();
  return { data: key, message: `Revoked ${key.name}. Admin API calls with it are now refused.` };
});
