/**
 * The zod schemas of webhook endpoint management, shared by the console's forms, the
 * server actions and the services (lib/webhooks/*-endpoint.ts). Client-safe: the
 * network checks on a URL (private addresses, lib/webhooks/ssrf.ts) run in the services.
 */
import { z } from "zod";
import { hasControlCharacters, hasLoneSurrogate, idSchema, singleLineText } from "../validation";
import {
  DEFAULT_SECRET_OVERLAP,
  DELIVERY_STATUSES,
  SECRET_OVERLAPS,
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_URL_MAX,
} from "./constants";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";

export const URL_REQUIRED_MESSAGE = "Enter the URL Gatehouse should send events to.";
export const URL_FORMAT_MESSAGE = "Enter a full URL, like https://example.com/webhooks/gatehouse.";
export const URL_PROTOCOL_MESSAGE = "Use an https:// URL.";
export const URL_CREDENTIALS_MESSAGE = "Leave the user name and password out of the URL: every request is signed instead.";
export const URL_FRAGMENT_MESSAGE = "Remove the # part: it is never sent to the server.";

/** Parses the URL once; the stored form is the URL's normalised href (lower-case host, encoded path). */
export const webhookUrlSchema = z
  .string({ error: URL_REQUIRED_MESSAGE })
  .trim()
  .min(1, URL_REQUIRED_MESSAGE)
  .max(WEBHOOK_URL_MAX, `Keep the URL to ${WEBHOOK_URL_MAX.toLocaleString("en")} characters or fewer.`)
  .refine((s) => !hasLoneSurrogate(s) && !hasControlCharacters(s) && !/\s/.test(s), { message: URL_FORMAT_MESSAGE, abort: true })
  .transform((s, ctx) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      ctx.addIssue({ code: "custom", message: URL_FORMAT_MESSAGE });
      return z.NEVER;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: URL_PROTOCOL_MESSAGE });
    else if (!url.hostname) ctx.addIssue({ code: "custom", message: URL_FORMAT_MESSAGE });
    else if (url.username || url.password) ctx.addIssue({ code: "custom", message: URL_CREDENTIALS_MESSAGE });
    else if (url.hash || s.includes("#")) ctx.addIssue({ code: "custom", message: URL_FRAGMENT_MESSAGE });
    // Normalising may lengthen it (percent-encoding): the stored form must fit too.
    else if (url.href.length > WEBHOOK_URL_MAX) ctx.addIssue({ code: "custom", message: `Keep the URL to ${WEBHOOK_URL_MAX.toLocaleString("en")} characters or fewer.` });
    return url.href;
  });

export const webhookDescriptionSchema = singleLineText({
  max: WEBHOOK_DESCRIPTION_MAX,
  maxMessage: `Keep the description to ${WEBHOOK_DESCRIPTION_MAX} characters or fewer.`,
});

/** The events an endpoint subscribes to, each once, in the list's own order; empty means every event. */
export const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." }), { error: "Choose events from the list." })
  .max(WEBHOOK_EVENT_TYPES.length * 2, "Choose events from the list.")
  .transform((list): WebhookEventType[] => WEBHOOK_EVENT_TYPES.filter((type) => list.includes(type)));

const teamId = idSchema("team");
const endpointId = idSchema("endpoint");
const enabled = z.boolean({ error: "Say whether the endpoint is enabled." });

export const createWebhookEndpointSchema = z.object({
  teamId,
  url: webhookUrlSchema,
  description: webhookDescriptionSchema.default(""),
  events: webhookEventsSchema.default([]),
  enabled: enabled.default(true),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .object({
    teamId,
    endpointId,
    url: webhookUrlSchema.optional(),
    description: webhookDescriptionSchema.optional(),
    events: webhookEventsSchema.optional(),
    enabled: enabled.optional(),
  })
  .refine((v) => v.url !== undefined || v.description !== undefined || v.events !== undefined || v.enabled !== undefined, {
    message: "Nothing to change.",
  });
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;

export const webhookEndpointRefSchema = z.object({ teamId, endpointId });
export type WebhookEndpointRef = z.input<typeof webhookEndpointRefSchema>;

export const rotateWebhookSecretSchema = z.object({
  teamId,
  endpointId,
  overlap: z.enum(SECRET_OVERLAPS, { error: "Choose how long the old secret keeps signing." }).default(DEFAULT_SECRET_OVERLAP),
});
export type RotateWebhookSecretInput = z.input<typeof rotateWebhookSecretSchema>;

export const listDeliveriesSchema = z.object({
  teamId,
  endpointId,
  status: z.enum(DELIVERY_STATUSES, { error: "Unknown delivery status." }).optional(),
  /** The id of the last delivery of the previous page. */
  cursor: idSchema("page").optional(),
});
export type ListDeliveriesInput = z.input<typeof listDeliveriesSchema>;

export const deliveryRefSchema = z.object({ teamId, deliveryId: idSchema("delivery") });
export type DeliveryRef = z.input<typeof deliveryRefSchema>;
