"use server";

import type { UpdateWebhookEndpointInput } from "@/lib/webhooks/schemas";
import { updateWebhookEndpoint as updateWebhookEndpointService } from "@/lib/webhooks/update-endpoint";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

export const updateWebhookEndpoint = authedAction(asSent<UpdateWebhookEndpointInput>(), async (input, actor) => {
  const endpoint = await updateWebhookEndpointService(actor, input);
  revalidateWebhookPages();
  return { data: endpoint, message: "Endpoint saved." };
});
