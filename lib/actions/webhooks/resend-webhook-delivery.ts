"use server";

import type { DeliveryRef } from "@/lib/webhooks/schemas";
import { resendDelivery } from "@/lib/webhooks/send";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

export const resendWebhookDelivery = authedAction(asSent<DeliveryRef>(), async (input, actor) => {
  const queued = await resendDelivery(actor, input);
  revalidateWebhookPages();
  return { data: queued, message: "Queued to be sent again." };
});
