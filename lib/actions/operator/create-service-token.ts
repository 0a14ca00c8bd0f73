"use server";

import { createServiceTokenSchema } from "@/lib/operator/schemas";
import { createServiceToken as createServiceTokenService } from "@/lib/operator/service-tokens";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

/** Returns the plain secret once; the client shows it and never stores it. */
export const createServiceToken = authedAction(createServiceTokenSchema, async (input, actor) => {
  const created = await createServiceTokenService(actor, input);
  revalidateOperatorPages();
  return { data: created, message: `Created ${created.token.name}.` };
});
