import { AppError } from "../errors";
import { checkWebhookUrl } from "./ssrf";

/**
 * The operator's rules for where webhooks may go (lib/webhooks/ssrf.ts: https unless
 * WEBHOOK_ALLOW_HTTP, public addresses unless WEBHOOK_ALLOW_PRIVATE_NETWORKS), applied when
 * an endpoint's URL is set, as a message on the form's URL field. Delivery checks again,
 * with the addresses the host resolves to then.
 */
export function assertWebhookUrlAllowed(url: string, env: Readonly<Record<string, string | undefined>> = process.env): void {
  const check = checkWebhookUrl(url, env);
  if (!check.ok) throw new AppError("INVALID", check.reason, { url: check.reason });
}
