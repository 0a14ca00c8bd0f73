"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useAction } from "@/components/ui/use-action";
import { updateWebhookEndpoint } from "@/lib/actions/webhooks/update-webhook-endpoint";
import type { WebhookEventType } from "@/lib/webhooks/events";
import type { EndpointDetailWire } from "@/lib/webhooks/wire";
import { checkDraft, EndpointFields, useDraftErrors, type EndpointDraft } from "./endpoint-fields";
import { choiceOf, eventsOf } from "./event-checkboxes";

const draftOf = (endpoint: { url: string; description: string; events: WebhookEventType[] }): EndpointDraft => ({
  url: endpoint.url,
  description: endpoint.description,
  events: choiceOf(endpoint.events),
});

/** URL, description and events; saved together, keeping what was typed when the server refuses it. */
export function EditEndpointCard({ teamId, endpoint, onChanged }: { teamId: string; endpoint: EndpointDetailWire; onChanged: () => void }) {
  const id = useId();
  const [draft, setDraft] = useState<EndpointDraft>(() => draftOf(endpoint));
  const save = useAction(updateWebhookEndpoint, { onSuccess: (saved) => {
      setDraft(draftOf(saved));
      onChanged();
    } });
  const local = useDraftErrors(save.formRef);
  const saved = draftOf(endpoint);
  const dirty =
    draft.url.trim() !== endpoint.url ||
    draft.description.trim() !== endpoint.description ||
    JSON.stringify(eventsOf(draft.events)) !== JSON.stringify(endpoint.events);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { errors, events } = checkDraft(draft);
    local.show(errors);
    if (!events || Object.keys(errors).length > 0) return;
    void save.execute({ teamId, endpointId: endpoint.id, url: draft.url, description: draft.description, events });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
        <CardDescription>Where events go and which ones. A new URL starts with a clean failure record.</CardDescription>
      </CardHeader>
      <CardContent>
        <form ref={save.formRef} onSubmit={handleSubmit} className="grid gap-5" noValidate>
          <EndpointFields id={id} draft={draft} onChange={setDraft} errors={{ ...save.fieldErrors, ...local.errors }} disabled={save.pending} />
          {save.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {save.formError}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={save.pending} disabled={!dirty}>
              Save changes
            </Button>
            {dirty && (
              <Button variant="ghost" disabled={save.pending} onClick={() => {
                  setDraft(saved);
                  local.clear();
                  save.reset();
                }}>
                Discard
              </Button>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
