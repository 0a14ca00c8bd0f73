"use client";

import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/events";
import { cn } from "@/lib/utils";

/** The form's view of an endpoint's events: every event (stored as []), or the ones ticked. */
export type EventChoice = { all: boolean; selected: WebhookEventType[] };

export const choiceOf = (events: readonly WebhookEventType[]): EventChoice =>
  events.length === 0 ? { all: true, selected: [] } : { all: false, selected: [...events] };

/** What the service stores; null when nothing is ticked (the form asks for at least one). */
export const eventsOf = (choice: EventChoice): WebhookEventType[] | null =>
  choice.all ? [] : choice.selected.length > 0 ? WEBHOOK_EVENT_TYPES.filter((t) => choice.selected.includes(t)) : null;

export const NO_EVENTS_MESSAGE = "Choose at least one event, or all events.";

const box = "mt-0.5 size-4 shrink-0 accent-(--primary)";

export function EventCheckboxes({
  name,
  value,
  onChange,
  error,
  disabled,
}: {
  name: string;
  value: EventChoice;
  onChange: (next: EventChoice) => void;
  error?: string;
  disabled?: boolean;
}) {
  const errorId = `${name}-error`;
  const toggle = (type: WebhookEventType, on: boolean) =>
    onChange({ all: false, selected: on ? [...value.selected, type] : value.selected.filter((t) => t !== type) });
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? errorId : undefined} disabled={disabled}>
      <legend className="mb-2 text-sm leading-none font-medium">Events</legend>
      <label className="flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring">
        <input
          type="checkbox"
          name={`${name}-all`}
          className={box}
          checked={value.all}
          onChange={(e) => onChange({ all: e.target.checked, selected: value.selected })}
          aria-invalid={error ? true : undefined}
        />
        <span className="grid gap-0.5">
          <span className="font-medium">All events</span>
          <span className="text-xs text-muted-foreground">Including event types added to Gatehouse later.</span>
        </span>
      </label>
      {!value.all && (
        <ul className="grid gap-1 rounded-md border p-2 sm:grid-cols-2" aria-label="Event types">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <li key={type}>
              <label className={cn("flex cursor-pointer items-start gap-3 rounded px-2 py-1.5 text-sm hover:bg-accent/60", "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring")}>
                <input
                  type="checkbox"
                  name={name}
                  value={type}
                  className={box}
                  checked={value.selected.includes(type)}
                  onChange={(e) => toggle(type, e.target.checked)}
                  aria-invalid={error ? true : undefined}
                />
                <span className="grid min-w-0 gap-0.5">
                  <span>{WEBHOOK_EVENT_LABELS[type]}</span>
                  <code className="font-mono text-xs break-all text-muted-foreground">{type}</code>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </fieldset>
  );
}
