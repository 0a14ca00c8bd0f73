"use client";

import { Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAction } from "@/components/ui/use-action";
import { deleteWebhookEndpoint } from "@/lib/actions/webhooks/delete-webhook-endpoint";
import { sendTestWebhookEvent } from "@/lib/actions/webhooks/send-test-webhook-event";
import { updateWebhookEndpoint } from "@/lib/actions/webhooks/update-webhook-endpoint";
import type { EndpointDetailWire } from "@/lib/webhooks/wire";
import { RotateSecretDialog } from "./rotate-secret-dialog";

type Props = { teamId: string; teamSlug: string; endpoint: EndpointDetailWire; onChanged: () => void };

export function SendTestEventButton({ teamId, endpoint, onChanged }: Omit<Props, "teamSlug">) {
  const send = useAction(sendTestWebhookEvent, { onSuccess: onChanged });
  return (
    <Button
      onClick={() => void send.execute({ teamId, endpointId: endpoint.id })}
      loading={send.pending}
      disabled={!endpoint.enabled}
      title={endpoint.enabled ? undefined : "Enable the endpoint to send it a test event"}
    >
      <Send aria-hidden />
      Send test event
    </Button>
  );
}

function EnableToggle({ teamId, endpoint, onChanged }: Omit<Props, "teamSlug">) {
  const enable = useAction(updateWebhookEndpoint, {
    onSuccess: onChanged,
    successToast: "Endpoint enabled. New events are sent to it again.",
  });
  if (!endpoint.enabled) {
    return (
      <Button variant="outline" loading={enable.pending} onClick={() => void enable.execute({ teamId, endpointId: endpoint.id, enabled: true })}>
        Enable
      </Button>
    );
  }
  const waiting = endpoint.pending;
  return (
    <ConfirmDialog
      trigger={<Button variant="outline">Disable</Button>}
      title="Disable this endpoint?"
      description={
        <>
          No events are sent to it while it is disabled, and events that happen meanwhile are not kept for it.
          {waiting > 0 && ` The ${waiting === 1 ? "delivery" : `${waiting} deliveries`} still waiting for it ${waiting === 1 ? "is" : "are"} cancelled; you can resend them once it is enabled again.`}
        </>
      }
      confirmLabel="Disable endpoint"
      action={() => updateWebhookEndpoint({ teamId, endpointId: endpoint.id, enabled: false })}
      successToast="Endpoint disabled. Nothing is sent to it until it is enabled."
      onSuccess={onChanged}
    />
  );
}

/** The endpoint page's header buttons: test, enable/disable, rotate, delete. */
export function EndpointActions({ teamId, teamSlug, endpoint, onChanged }: Props) {
  const router = useRouter();
  return (
    <>
      <SendTestEventButton teamId={teamId} endpoint={endpoint} onChanged={onChanged} />
      <EnableToggle teamId={teamId} endpoint={endpoint} onChanged={onChanged} />
      <RotateSecretDialog teamId={teamId} endpointId={endpoint.id} endpointUrl={endpoint.url} />
      <ConfirmDialog
        trigger={<Button variant="outline" className="text-destructive hover:text-destructive">Delete</Button>}
        title="Delete this endpoint?"
        description={
          <span className="break-words">
            Events stop going to <span className="font-medium text-foreground">{endpoint.url}</span> at once, and its delivery history and signing secrets are deleted. This can&apos;t be undone.
          </span>
        }
        confirmLabel="Delete endpoint"
        destructive
        action={() => deleteWebhookEndpoint({ teamId, endpointId: endpoint.id })}
        keepPendingOnSuccess
        onSuccess={() => router.push(`/${teamSlug}/webhooks`)}
      />
    </>
  );
}
