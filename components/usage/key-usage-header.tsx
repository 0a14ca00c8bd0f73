import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { EnvironmentBadge, KeyStatusBadge, MaskedKey } from "@/components/keys/key-badges";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { KeyUsage } from "@/lib/usage/query";

/** Who the key is: name, environment, status, the visible part of the secret and when it was last used. */
export function KeyUsageHeader({ teamSlug, usageKey, now, actions }: { teamSlug: string; usageKey: KeyUsage["key"]; now: number; actions?: React.ReactNode }) {
  const at = new Date(now);
  return (
    <div className="grid gap-4 pb-6">
      <Link
        href={`/${teamSlug}/keys`}
        className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
      >
        <ArrowLeft className="size-4" aria-hidden /> API keys
      </Link>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid min-w-0 gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{usageKey.name}</h1>
            <EnvironmentBadge environment={usageKey.environment} />
            <KeyStatusBadge status={usageKey.status} />
          </div>
          <dl className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-muted-foreground">
            <div className="flex items-center gap-1.5">
              <dt className="sr-only">Key</dt>
              <dd>
                <MaskedKey prefix={usageKey.prefix} last4={usageKey.last4} />
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>Last used</dt>
              <dd className="text-foreground" title={usageKey.lastUsedAt ? formatDateTime(usageKey.lastUsedAt) : undefined}>
                {formatRelative(usageKey.lastUsedAt, at)}
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>Created</dt>
              <dd className="text-foreground" title={formatDateTime(usageKey.createdAt)}>
                {formatRelative(usageKey.createdAt, at)}
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>{usageKey.expiresAt && new Date(usageKey.expiresAt).getTime() <= now ? "Expired" : "Expires"}</dt>
              <dd className="text-foreground" title={usageKey.expiresAt ? formatDateTime(usageKey.expiresAt) : undefined}>
                {formatRelative(usageKey.expiresAt, at, "never")}
              </dd>
            </div>
            {usageKey.rotatedToId && (
              <div className="flex gap-1">
                <dt>Rotated:</dt>
                <dd>
                  <Link href={`/${teamSlug}/keys/${usageKey.rotatedToId}`} className="text-primary hover:underline">
                    see the replacement key
                  </Link>
                </dd>
              </div>
            )}
            {usageKey.rotatedFromId && (
              <div className="flex gap-1">
                <dt>Replaces</dt>
                <dd>
                  <Link href={`/${teamSlug}/keys/${usageKey.rotatedFromId}`} className="text-primary hover:underline">
                    the previous key
                  </Link>
                </dd>
              </div>
            )}
            {usageKey.revokedAt && (
              <div className="flex gap-1">
                <dt>{new Date(usageKey.revokedAt).getTime() <= now ? "Revoked" : "Old secret stops working"}</dt>
                <dd className="text-foreground" title={formatDateTime(usageKey.revokedAt)}>
                  {formatRelative(usageKey.revokedAt, at)}
                </dd>
              </div>
            )}
          </dl>
        </div>
        {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
      </div>
    </div>
  );
}
