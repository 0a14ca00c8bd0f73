"use client";

import { useEffect, useState } from "react";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "@/lib/webhooks/constants";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { URL_FORMAT_MESSAGE, webhookDescriptionSchema, webhookUrlSchema } from "@/lib/webhooks/schemas";
import { EventCheckboxes, eventsOf, NO_EVENTS_MESSAGE, type EventChoice } from "./event-checkboxes";

export type EndpointDraft = { url: string; description: string; events: EventChoice };

/** URL, description and events: the add dialog's fields and the edit form's. */
export function EndpointFields({
  id,
  draft,
  onChange,
  errors,
  disabled,
  autoFocus,
}: {
  id: string;
  draft: EndpointDraft;
  onChange: (next: EndpointDraft) => void;
  errors: Record<string, string | undefined>;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const urlId = `${id}-url`;
  const descriptionId = `${id}-description`;
  const eventsError = errors.events ?? Object.entries(errors).find(([key]) => key.startsWith("events."))?.[1];
  return (
    <>
      <FormField label="Endpoint URL" htmlFor={urlId} error={errors.url} hint="Gatehouse POSTs each event here as JSON, signed.">
        <Input
          id={urlId}
          type="url"
          inputMode="url"
          value={draft.url}
          onChange={(e) => onChange({ ...draft, url: e.target.value })}
          placeholder="https://example.com/webhooks/gatehouse"
          maxLength={WEBHOOK_URL_MAX}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          aria-invalid={!!errors.url || undefined}
          aria-describedby={fieldDescribedBy(urlId, { error: errors.url, hint: true })}
          autoFocus={autoFocus}
        />
      </FormField>
      <FormField label="Description (optional)" htmlFor={descriptionId} error={errors.description}>
        <Input
          id={descriptionId}
          value={draft.description}
          onChange={(e) => onChange({ ...draft, description: e.target.value })}
          placeholder="e.g. Billing service"
          maxLength={WEBHOOK_DESCRIPTION_MAX}
          autoComplete="off"
          disabled={disabled}
          aria-invalid={!!errors.description || undefined}
          aria-describedby={fieldDescribedBy(descriptionId, { error: errors.description })}
        />
      </FormField>
      <EventCheckboxes
        name={`${id}-events`}
        value={draft.events}
        onChange={(events) => onChange({ ...draft, events })}
        error={eventsError}
        disabled={disabled}
      />
    </>
  );
}

/**
 * The checks the form can make before asking the server (the same schemas the server
 * parses with), so every problem shows at once: the server still decides, and its own
 * refusals (the operator's address rules, the cap) come back as field errors too.
 */
export function checkDraft(draft: EndpointDraft): { errors: Record<string, string>; events: WebhookEventType[] | null } {
  const errors: Record<string, string> = {};
  const url = webhookUrlSchema.safeParse(draft.url);
  if (!url.success) errors.url = url.error.issues[0]?.message ?? URL_FORMAT_MESSAGE;
  const description = webhookDescriptionSchema.safeParse(draft.description);
  if (!description.success) errors.description = description.error.issues[0]?.message ?? "Check the description.";
  const events = eventsOf(draft.events);
  if (!events) errors.events = NO_EVENTS_MESSAGE;
  return { errors, events };
}

/** Client-side errors, with focus moved to the first invalid control of `form` once they render. */
export function useDraftErrors(form: React.RefObject<HTMLFormElement | null>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (tick === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [tick, form]);
  return {
    errors,
    show: (next: Record<string, string>) => {
      setErrors(next);
      if (Object.keys(next).length > 0) setTick((n) => n + 1);
    },
    clear: () => setErrors({}),
  };
}
