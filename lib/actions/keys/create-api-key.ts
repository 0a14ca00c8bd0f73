"use server";

import { createApiKey as createApiKeyService } from "@/lib/keys/create";
import { createApiKeySchema } from "@/lib/keys/schemas";
import { authedAction } from "../action";
import { revalidateKeyPages } from "./revalidate";

/** Returns the plain secret once; the client shows it and never stores it. */
export const createApiKey = authedAction(createApiKeySchema, async (input, actor) => {
  const created = await createApiKeyService(actor, input);
  revalidateKeyPages();
  return { data: created, message: `Created ${created.key.name}.` };
});
