import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { canManageKey } from "@/lib/keys/can-manage";
import type { ApiKeySummary } from "@/lib/keys/queries";
import type { Role } from "@/lib/permissions";
import { EnvironmentBadge, ExpiryCell, KeyStatusCell, MaskedKey } from "./key-badges";
import { KeyRowActions } from "./key-actions";

export type KeysTableProps = {
  keys: ApiKeySummary[];
  teamSlug: string;
  role: Role;
  userId: string;
  now: Date;
};

/** Server-rendered list; only the row menus are interactive. */
export function KeysTable({ keys, teamSlug, role, userId, now }: KeysTableProps) {
  const manageable = keys.map((k) => canManageKey(role, userId, { createdById: k.createdBy?.id ?? null }));
  const showActions = manageable.some(Boolean);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pr-3 pl-4">Name</TableHead>
          <TableHead className="px-3">Key</TableHead>
          <TableHead className="px-3">Created</TableHead>
          <TableHead className="px-3">Expires</TableHead>
          <TableHead className="px-3">Last used</TableHead>
          <TableHead className="px-3">Status</TableHead>
          {showActions && (
            <TableHead className="w-12 px-2">
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key, i) => {
          const live = key.status === "active" || key.status === "expiring";
          return (
            <TableRow key={key.id} data-testid="key-row" data-key-id={key.id}>
              <TableCell className="max-w-64 min-w-40 pr-3 pl-4">
                <div className="grid justify-items-start gap-1.5">
                  <Link
                    href={`/${teamSlug}/keys/${key.id}`}
                    className="max-w-full font-medium break-words underline-offset-4 hover:underline focus-visible:underline"
                    title={key.name}
                  >
                    {key.name}
                  </Link>
                  <EnvironmentBadge environment={key.environment} />
                </div>
              </TableCell>
              <TableCell className="px-3">
                <MaskedKey prefix={key.prefix} last4={key.last4} />
              </TableCell>
              <TableCell className="px-3 whitespace-nowrap">
                <div title={formatDateTime(key.createdAt)}>{formatRelative(key.createdAt, now)}</div>
                <div className="max-w-44 truncate text-xs text-muted-foreground" title={key.createdBy?.email}>
                  {key.createdBy ? `by ${key.createdBy.name}` : "by a former member"}
                </div>
              </TableCell>
              <TableCell className="px-3 whitespace-nowrap">
                <ExpiryCell expiresAt={key.expiresAt} status={key.status} now={now} />
              </TableCell>
              <TableCell className="px-3 whitespace-nowrap" title={key.lastUsedAt ? formatDateTime(key.lastUsedAt) : undefined}>
                {key.lastUsedAt ? formatRelative(key.lastUsedAt, now) : <span className="text-muted-foreground">Never</span>}
              </TableCell>
              <TableCell className="min-w-40 px-3">
                <KeyStatusCell status={key.status} revokedAt={key.revokedAt} now={now} leak={key} />
              </TableCell>
              {showActions && (
                <TableCell className="px-2 text-right">
                  {manageable[i] && (
                    <KeyRowActions
                      keyId={key.id}
                      keyName={key.name}
                      maskedKey={`${key.prefix}…${key.last4}`}
                      canRotate={live && !key.rotatedToId}
                      canRevoke={live || key.status === "rotating"}
                      rotating={key.status === "rotating"}
                    />
                  )}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
