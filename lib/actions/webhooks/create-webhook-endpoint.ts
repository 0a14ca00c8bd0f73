"use server";

import { createWebhookEndpoint as createWebhookEndpointService } from "@/lib/webhooks/create-endpoint";
import type { CreateWebhookEndpointInput } from "@/lib/webhooks/schemas";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

/** Returns the signing secret once; the client shows it and never stores it. */
export const createWebhookEndpoint = authedAction(asSent<CreateWebhookEndpointInput>(), async (input, actor) => {
  const created = await createWebhookEndpointService(actor, input);
  revalidateWebhookPages();
  return { data: created, message: "Endpoint added." };
});
