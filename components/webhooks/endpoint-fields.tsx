"use client";

import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "@/lib/webhooks/constants";
import { EventCheckboxes, type EventChoice } from "./event-checkboxes";

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
