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

export type KeyLeak = { leakedAt: Date | null; leakUrl: string; leakSource: string };

/** The address a leak report gave, as a link only when it is http(s) (it comes from the scanner, not from us). */
export function LeakLocation({ url, className }: { url: string; className?: string }) {
  const safe = /^https?:\/\//i.test(url);
  if (!url) return <span className={className}>an address the report did not give</span>;
  return safe ? (
    <a href={url} target="_blank" rel="noreferrer nofollow" className={cn("break-all underline underline-offset-4", className)}>
      {url}
    </a>
  ) : (
    <span className={cn("break-all", className)}>{url}</span>
  );
}

/** "Leaked": revoked because a secret scanner found it in public; the title says where. */
export function LeakedBadge({ leak }: { leak: KeyLeak }) {
  if (!leak.leakedAt) return null;
  const where = [leak.leakUrl, leak.leakSource && `(${leak.leakSource})`].filter(Boolean).join(" ");
  return (
    <Badge variant="danger" title={`Found in public${where ? ` at ${where}` : ""} and revoked ${formatDateTime(leak.leakedAt)}`}>
      Leaked
    </Badge>
  );
}

/** Status badge plus, for a rotated key, until when its old secret still works, and for a leaked one where it was found. */
export function KeyStatusCell({ status, revokedAt, now, leak }: { status: KeyStatus; revokedAt: Date | null; now: Date; leak?: KeyLeak }) {
  return (
    <div className="grid gap-1">
      <span className="flex flex-wrap gap-1">
        <KeyStatusBadge status={status} />
        {leak && <LeakedBadge leak={leak} />}
      </span>
      {leak?.leakedAt && (
        <span className="max-w-56 truncate text-xs text-muted-foreground" title={leak.leakUrl}>
          Found at {leak.leakUrl ? hostOf(leak.leakUrl) : "an unknown address"}
        </span>
      )}
      {status === "rotating" && revokedAt && (
        <span className="text-xs text-muted-foreground" title={`Old secret stops working ${formatRelative(revokedAt, now)}`}>
          Old secret works until <span className="whitespace-nowrap">{formatDateTime(revokedAt)}</span>
        </span>
      )}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
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
