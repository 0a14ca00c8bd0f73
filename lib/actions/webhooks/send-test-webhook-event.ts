"use server";

import type { WebhookEndpointRef } from "@/lib/webhooks/schemas";
import { sendTestEvent } from "@/lib/webhooks/send";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

export const sendTestWebhookEvent = authedAction(asSent<WebhookEndpointRef>(), async (input, actor) => {
  const queued = await sendTestEvent(actor, input);
  revalidateWebhookPages();
  return { data: queued, message: "Test event queued. It shows in the deliveries below." };
});
