import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { auditActionLabel, auditDetails } from "@/lib/audit/labels";
import type { AuditEntryRow } from "@/lib/audit/query";
import { formatDateTime, formatRelative } from "@/lib/format-time";

const ACTION_VARIANT: Record<string, "info" | "success" | "warning" | "danger" | "secondary"> = {
  created: "success",
  joined: "success",
  invited: "info",
  resent: "info",
  updated: "secondary",
  role_changed: "secondary",
  rotated: "warning",
  revoked: "danger",
  removed: "danger",
  deleted: "danger",
  left: "warning",
};

function variantOf(action: string) {
  return ACTION_VARIANT[action.split(".")[1] ?? ""] ?? "secondary";
}

export function AuditTable({ entries, now }: { entries: AuditEntryRow[]; now: Date }) {
  return (
    <Table scrollLabel="Audit log entries">
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>IP</TableHead>
          <TableHead>User agent</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => {
          const details = auditDetails(entry.action, entry.metadata);
          return (
            <TableRow key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={entry.createdAt.toISOString()} title={formatDateTime(entry.createdAt)}>
                  {formatRelative(entry.createdAt, now)}
                </time>
                <div className="text-xs text-muted-foreground">{formatDateTime(entry.createdAt)}</div>
              </TableCell>
              <TableCell className="max-w-44">
                {/* A person's name fits a line; an admin key's label (admin key "<name>") wraps rather than lose its name. */}
                <div className={entry.actor.name ? "truncate font-medium" : "font-medium break-words"} title={entry.actor.email}>
                  {entry.actor.name ?? entry.actor.email}
                </div>
                {entry.actor.name && (
                  <div className="truncate text-xs text-muted-foreground" title={entry.actor.email}>
                    {entry.actor.email}
                  </div>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <Badge variant={variantOf(entry.action)} title={entry.action}>
                  {auditActionLabel(entry.action)}
                </Badge>
              </TableCell>
              <TableCell className="max-w-52">
                <div className="truncate" title={entry.targetLabel || entry.targetId || undefined}>
                  {entry.targetLabel || <span className="text-muted-foreground">{entry.targetType}</span>}
                </div>
                {details && <div className="truncate text-xs text-muted-foreground">{details}</div>}
              </TableCell>
              <TableCell className="max-w-32">
                <div className="truncate font-mono text-xs" title={entry.ip || undefined}>
                  {entry.ip || "—"}
                </div>
              </TableCell>
              <TableCell className="max-w-36">
                <div className="truncate text-xs text-muted-foreground" title={entry.userAgent || undefined}>
                  {entry.userAgent || "—"}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
