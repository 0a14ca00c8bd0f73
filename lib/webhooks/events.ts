/**
 * The events a webhook endpoint can subscribe to: one list, used by the console's
 * checkboxes, the Admin API's schemas, the outbox and the docs (docs/webhooks.md).
 */
import type { AuditAction } from "../audit/record";

export const WEBHOOK_EVENT_TYPES = [
  "api_key.created",
  "api_key.revoked",
  "api_key.rotated",
  "api_key.updated",
  "api_key.expiring_soon",
  "api_key.leaked",
  "budget.threshold_reached",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "Send test event"; never queued by a change, and delivered whatever the endpoint subscribes to. */
export const TEST_EVENT_TYPE = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "api_key.rotated": "API key rotated",
  "api_key.updated": "API key updated (name, policy, status)",
  "api_key.expiring_soon": "API key expiring soon (7 days and 1 day before)",
  "api_key.leaked": "API key reported leaked and revoked",
  "budget.threshold_reached": "Budget threshold reached",
  "member.joined": "Member joined",
  "member.role_changed": "Member's role changed",
  "member.removed": "Member removed",
  "member.left": "Member left",
};

/** Audited changes that are also webhook events (lib/audit/record.ts queues them). */
export const AUDIT_EVENT_TYPES: Partial<Record<AuditAction, WebhookEventType>> = {
  "key.created": "api_key.created",
  "key.revoked": "api_key.revoked",
  "key.rotated": "api_key.rotated",
  "key.policy_changed": "api_key.updated",
  "key.updated": "api_key.updated",
  "key.leaked": "api_key.leaked",
  "member.joined": "member.joined",
  "member.role_changed": "member.role_changed",
  "member.removed": "member.removed",
  "member.left": "member.left",
};

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
