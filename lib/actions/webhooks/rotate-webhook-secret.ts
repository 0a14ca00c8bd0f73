"use server";

import { rotateWebhookSecret as rotateWebhookSecretService } from "@/lib/webhooks/rotate-secret";
import type { RotateWebhookSecretInput } from "@/lib/webhooks/schemas";
import { authedAction } from "../action";
import { asSent } from "./as-sent";
import { revalidateWebhookPages } from "./revalidate";

/** Returns the new signing secret once, plus until when the old ones sign too. */
export const rotateWebhookSecret = authedAction(asSent<RotateWebhookSecretInput>(), async (input, actor) => {
  const rotated = await rotateWebhookSecretService(actor, input);
  revalidateWebhookPages();
  return { data: rotated, message: "Signing secret rotated." };
});
