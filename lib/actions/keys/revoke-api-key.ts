"use server";

import { revokeApiKey as revokeApiKeyService } from "@/lib/keys/revoke";
import { revokeApiKeySchema } from "@/lib/keys/schemas";
import { authedAction } from "../action";
import { revalidateKeyPages } from "./revalidate";

export const revokeApiKey = authedAction(revokeApiKeySchema, async (input, actor) => {
  const key = await revokeApiKeyService(actor, input);
  revalidateKeyPages();
  return { data: key, message: `Revoked ${key.name}. Requests using it are now refused.` };
});
