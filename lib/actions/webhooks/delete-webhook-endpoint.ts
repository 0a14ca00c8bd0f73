"use server";

import { deleteWebhookEndpoint as deleteWebhookEndpointService } from "@/lib/webhooks/delete-endpoint";
import type { WebhookEndpointRef } from "@/lib/webhooks/schemas";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

export const deleteWebhookEndpoint = authedAction(asSent<WebhookEndpointRef>(), async (input, actor) => {
  const deleted = await deleteWebhookEndpointService(actor, input);
  revalidateWebhookPages();
  return { data: deleted, message: "Endpoint deleted. No more events are sent to it." };
});
