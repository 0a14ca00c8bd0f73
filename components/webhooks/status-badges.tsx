import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { DELIVERY_STATUS_LABELS, type DeliveryStatus, type WebhookEndpointStatus } from "@/lib/webhooks/constants";

const ENDPOINT_BADGE: Record<WebhookEndpointStatus, { label: string; variant: "success" | "secondary" | "danger" }> = {
  enabled: { label: "Enabled", variant: "success" },
  disabled: { label: "Disabled", variant: "secondary" },
  failing: { label: "Failing", variant: "danger" },
};

export function EndpointStatusBadge({ status }: { status: WebhookEndpointStatus }) {
  const { label, variant } = ENDPOINT_BADGE[status];
  return <Badge variant={variant}>{label}</Badge>;
}

type EndpointState = {
  status: WebhookEndpointStatus;
  failureStreak: number;
  failingSince: string | Date | null;
};

/** Why the badge says what it says, in a sentence; null when there is nothing to explain. */
export function endpointStatusReason(endpoint: EndpointState, now: Date): string | null {
  const since = endpoint.failingSince ? ` since ${formatDateTime(endpoint.failingSince)}` : "";
  if (endpoint.status === "failing") {
    return `Turned off automatically: every delivery failed${since}. Fix the receiver, then enable it again.`;
  }
  if (endpoint.status === "disabled") return "Turned off by a team member. Nothing is sent to it until it is enabled.";
  if (endpoint.failureStreak > 0) {
    const when = endpoint.failingSince ? ` (first ${formatRelative(endpoint.failingSince, now)})` : "";
    return `The last ${endpoint.failureStreak === 1 ? "delivery" : `${endpoint.failureStreak} deliveries`} failed${when}; retrying.`;
  }
  return null;
}

const DELIVERY_VARIANT: Record<DeliveryStatus, "success" | "danger" | "info" | "secondary" | "warning"> = {
  succeeded: "success",
  failed: "danger",
  pending: "info",
  delivering: "info",
  cancelled: "secondary",
};

/** A pending delivery that was already tried is waiting for its retry: it says so. */
export function DeliveryStatusBadge({ status, attempts }: { status: DeliveryStatus; attempts: number }) {
  const retrying = status === "pending" && attempts > 0;
  return <Badge variant={retrying ? "warning" : DELIVERY_VARIANT[status]}>{retrying ? "Retrying" : DELIVERY_STATUS_LABELS[status]}</Badge>;
}

/** An HTTP status code, coloured by class; a dash when no answer came back. */
export function ResponseCode({ code }: { code: number | null }) {
  if (code === null) return <span className="text-muted-foreground">—</span>;
  const ok = code >= 200 && code < 300;
  return <code className={ok ? "font-mono text-success" : "font-mono text-destructive"}>{code}</code>;
}
