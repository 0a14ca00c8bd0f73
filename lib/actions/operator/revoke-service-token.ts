"use server";

import { revokeServiceTokenSchema } from "@/lib/operator/schemas";
import { revokeServiceToken as revokeServiceTokenService } from "@/lib/operator/service-tokens";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const revokeServiceToken = authedAction(revokeServiceTokenSchema, async (input, actor) => {
  const { name } = await revokeServiceTokenService(actor, input);
  revalidateOperatorPages();
  return { data: null, message: `Revoked ${name}. Calls with it are refused from now on.` };
});
