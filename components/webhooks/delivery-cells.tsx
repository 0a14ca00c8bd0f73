"use client";

import { ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { resendWebhookDelivery } from "@/lib/actions/webhooks/resend-webhook-delivery";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { cn } from "@/lib/utils";
import type { DeliveryRowWire } from "@/lib/webhooks/wire";

/**
 * "3 minutes ago", "in 3 minutes", with the exact instant on hover; "—" for nothing.
 * A next attempt already due reads "now" (the worker is about to send it).
 */
export function WhenCell({ at, now, due = false }: { at: string | null; now: Date; due?: boolean }) {
  if (!at) return <span className="text-muted-foreground">—</span>;
  const overdue = due && new Date(at).getTime() <= now.getTime();
  return (
    <time dateTime={at} title={formatDateTime(at)} className="whitespace-nowrap">
      {overdue ? "now" : formatRelative(at, now)}
    </time>
  );
}

export function Duration({ ms }: { ms: number | null }) {
  if (ms === null) return <span className="text-muted-foreground">—</span>;
  return <span className="whitespace-nowrap tabular-nums">{ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}</span>;
}

export function ExpandButton({ open, controls, onToggle, label }: { open: boolean; controls: string; onToggle: () => void; label: string }) {
  return (
    <Button variant="ghost" size="icon" className="size-8" aria-expanded={open} aria-controls={controls} aria-label={label} onClick={onToggle}>
      <ChevronRight aria-hidden className={cn("transition-transform", open && "rotate-90")} />
    </Button>
  );
}

/** Sends the row's event again as a new delivery; refused (and said why) while the endpoint is off. */
export function ResendButton({
  teamId,
  delivery,
  enabled,
  onQueued,
  className,
}: {
  teamId: string;
  delivery: DeliveryRowWire;
  enabled: boolean;
  onQueued: () => void;
  className?: string;
}) {
  const resend = useAction(resendWebhookDelivery, { onSuccess: onQueued });
  return (
    <Button
      variant="outline"
      size="sm"
      className={className}
      loading={resend.pending}
      disabled={!enabled}
      title={enabled ? undefined : "Enable the endpoint to resend"}
      aria-label={`Resend ${delivery.eventType} event ${delivery.eventId}`}
      onClick={() => void resend.execute({ teamId, deliveryId: delivery.id })}
    >
      Resend
    </Button>
  );
}
