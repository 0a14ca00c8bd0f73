"use server";

import { z } from "zod";
import { createApiKey as createApiKeyService } from "@/lib/keys/create";
import type { CreateApiKeyInput } from "@/lib/keys/schemas";
import { authedAction } from "../action";
import { revalidateKeyPages } from "./revalidate";

// The schema transforms the optional policy (USD text to micro-dollars, lists normalised), so the
// input goes to the service as sent and is parsed there once, after the permission check.
const asSent = z.custom<CreateApiKeyInput>((v) => typeof v === "object" && v !== null);

/** Returns the plain secret once; the client shows it and never stores it. */
export const createApiKey = authedAction(asSent, async (input, actor) => {
  const created = await createApiKeyService(actor, input);
  revalidateKeyPages();
  return { data: created, message: `Created ${created.key.name}.` };
});
