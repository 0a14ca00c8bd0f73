import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { ENVIRONMENT_LABELS, KEY_STATUS_LABELS, type Environment, type KeyStatus } from "@/lib/keys/constants";
import { EXPIRING_WINDOW_MS } from "@/lib/keys/status";
import { cn } from "@/lib/utils";

/** Production stands out (it carries live traffic); development stays quiet. */
export function EnvironmentBadge({ environment, className }: { environment: Environment; className?: string }) {
  return (
    <Badge variant={environment === "production" ? "info" : "secondary"} className={className}>
      <span
        aria-hidden
        className={cn("size-1.5 rounded-full", environment === "production" ? "bg-info" : "bg-muted-foreground")}
      />
      {ENVIRONMENT_LABELS[environment]}
    </Badge>
  );
}

const STATUS_VARIANT = {
  active: "success",
  expiring: "warning",
  expired: "danger",
  revoked: "danger",
  rotating: "warning",
} as const satisfies Record<KeyStatus, string>;

export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return <Badge variant={STATUS_VARIANT[status]}>{KEY_STATUS_LABELS[status]}</Badge>;
}

/** Status badge plus, for a rotated key, until when its old secret still works. */
export function KeyStatusCell({ status, revokedAt, now }: { status: KeyStatus; revokedAt: Date | null; now: Date }) {
  return (
    <div className="grid gap-1">
      <KeyStatusBadge status={status} />
      {status === "rotating" && revokedAt && (
        <span className="text-xs text-muted-foreground" title={`Old secret stops working ${formatRelative(revokedAt, now)}`}>
          Old secret works until <span className="whitespace-nowrap">{formatDateTime(revokedAt)}</span>
        </span>
      )}
    </div>
  );
}

/** "in 29 days" / "never", flagged when the key is about to expire or already has. */
export function ExpiryCell({ expiresAt, status, now }: { expiresAt: Date | null; status: KeyStatus; now: Date }) {
  if (!expiresAt) return <span className="text-muted-foreground">Never</span>;
  const text = formatRelative(expiresAt, now);
  const expired = expiresAt.getTime() <= now.getTime();
  const soon = !expired && status !== "revoked" && expiresAt.getTime() - now.getTime() <= EXPIRING_WINDOW_MS;
  return (
    <span className="flex flex-wrap items-center gap-1.5" title={formatDateTime(expiresAt)}>
      {expired ? (
        <Badge variant="danger">{text}</Badge>
      ) : soon ? (
        <Badge variant="warning">{text}</Badge>
      ) : (
        <span>{text}</span>
      )}
    </span>
  );
}

/** The only part of a secret the console ever shows. */
export function MaskedKey({ prefix, last4, className }: { prefix: string; last4: string; className?: string }) {
  return (
    <code className={cn("rounded bg-muted px-1.5 py-0.5 font-mono text-xs whitespace-nowrap", className)}>
      {prefix}…{last4}
    </code>
  );
}
