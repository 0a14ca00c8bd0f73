import { revalidatePath } from "next/cache";

/** The list shows each endpoint's state and last delivery, the endpoint page the rest: every change refreshes both. */
export function revalidateWebhookPages() {
  revalidatePath("/[team]/webhooks", "page");
  revalidatePath("/[team]/webhooks/[endpointId]", "page");
}
