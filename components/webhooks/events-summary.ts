import { WEBHOOK_EVENT_LABELS, type WebhookEventType } from "@/lib/webhooks/events";

/** "All events", or "3 events" — with the list for a title. */
export function eventsSummary(events: readonly string[]): { text: string; title: string } {
  if (events.length === 0) return { text: "All events", title: "Every event type, including ones added later" };
  const labels = events.map((t) => WEBHOOK_EVENT_LABELS[t as WebhookEventType] ?? t);
  return { text: events.length === 1 ? labels[0] : `${events.length} events`, title: labels.join(", ") };
}
