import { ExpiryCell, KeyStatusBadge, MaskedKey } from "@/components/keys/key-badges";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_KEY_ROLE_LABELS, type AdminKeyRole } from "@/lib/admin-keys/constants";
import type { AdminKeySummary } from "@/lib/admin-keys/list";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { RevokeAdminKeyButton } from "./admin-key-dialogs";

function RoleBadge({ role }: { role: AdminKeyRole }) {
  return <Badge variant={role === "admin" ? "info" : "secondary"}>{ADMIN_KEY_ROLE_LABELS[role]}</Badge>;
}

function Created({ keyRow, now }: { keyRow: AdminKeySummary; now: Date }) {
  return (
    <>
      <div title={formatDateTime(keyRow.createdAt)}>{formatRelative(keyRow.createdAt, now)}</div>
      <div className="max-w-44 truncate text-xs text-muted-foreground" title={keyRow.createdBy?.email}>
        {keyRow.createdBy ? `by ${keyRow.createdBy.name}` : "by a former member"}
      </div>
    </>
  );
}

function LastUsed({ at, now }: { at: Date | null; now: Date }) {
  if (!at) return <span className="text-muted-foreground">Never</span>;
  return <span title={formatDateTime(at)}>{formatRelative(at, now)}</span>;
}

const live = (k: AdminKeySummary) => k.status === "active" || k.status === "expiring";
const targetOf = (k: AdminKeySummary) => ({ id: k.id, name: k.name, masked: `${k.prefix}…${k.last4}` });

/**
 * A table from tablet width up; on a phone, one stacked card per key with its revoke button
 * in reach (a seven-column table would only scroll sideways there).
 */
export function AdminKeysList({ keys, now }: { keys: AdminKeySummary[]; now: Date }) {
  return (
    <>
      <div className="hidden md:block">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="pr-3 pl-4">Name</TableHead>
              <TableHead className="px-3">Key</TableHead>
              <TableHead className="px-3">Created</TableHead>
              <TableHead className="px-3">Expires</TableHead>
              <TableHead className="px-3">Last used</TableHead>
              <TableHead className="px-3">Status</TableHead>
              <TableHead className="w-24 px-3">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.id} data-testid="admin-key-row">
                <TableCell className="max-w-64 min-w-36 pr-3 pl-4">
                  <div className="grid justify-items-start gap-1.5">
                    <span className="max-w-full font-medium break-words">{key.name}</span>
                    <RoleBadge role={key.role} />
                  </div>
                </TableCell>
                <TableCell className="px-3">
                  <MaskedKey prefix={key.prefix} last4={key.last4} />
                </TableCell>
                <TableCell className="px-3 whitespace-nowrap">
                  <Created keyRow={key} now={now} />
                </TableCell>
                <TableCell className="px-3 whitespace-nowrap">
                  <ExpiryCell expiresAt={key.expiresAt} status={key.status} now={now} />
                </TableCell>
                <TableCell className="px-3 whitespace-nowrap">
                  <LastUsed at={key.lastUsedAt} now={now} />
                </TableCell>
                <TableCell className="px-3">
                  <KeyStatusBadge status={key.status} />
                </TableCell>
                <TableCell className="px-3 text-right">{live(key) && <RevokeAdminKeyButton target={targetOf(key)} />}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <ul className="grid gap-3 md:hidden" aria-label="Admin keys">
        {keys.map((key) => (
          <li key={key.id} data-testid="admin-key-card" className="grid gap-3 rounded-lg border bg-card p-4 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="min-w-0 font-medium break-words">{key.name}</span>
              <RoleBadge role={key.role} />
              <KeyStatusBadge status={key.status} />
            </div>
            <MaskedKey prefix={key.prefix} last4={key.last4} className="justify-self-start" />
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
              <dt className="text-muted-foreground">Created</dt>
              <dd className="min-w-0">
                <Created keyRow={key} now={now} />
              </dd>
              <dt className="text-muted-foreground">Expires</dt>
              <dd>
                <ExpiryCell expiresAt={key.expiresAt} status={key.status} now={now} />
              </dd>
              <dt className="text-muted-foreground">Last used</dt>
              <dd>
                <LastUsed at={key.lastUsedAt} now={now} />
              </dd>
            </dl>
            {live(key) && <RevokeAdminKeyButton target={targetOf(key)} className="w-full" />}
          </li>
        ))}
      </ul>
    </>
  );
}
