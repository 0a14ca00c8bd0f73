"use server";

import { rotateApiKey as rotateApiKeyService } from "@/lib/keys/rotate";
import { rotateApiKeySchema } from "@/lib/keys/schemas";
import { authedAction } from "../action";
import { revalidateKeyPages } from "./revalidate";

/** Returns the new plain secret once, plus until when the old one works. */
export const rotateApiKey = authedAction(rotateApiKeySchema, async (input, actor) => {
  const rotated = await rotateApiKeyService(actor, input);
  revalidateKeyPages();
  return { data: rotated, message: `Rotated ${rotated.key.name}.` };
});
