import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { OperatorAuditRow } from "@/lib/operator/audit-log";
import { AuditDiff, diffRows } from "./audit-diff";

export const OPERATOR_ACTION_LABELS: Record<string, string> = {
  "model.created": "Model added",
  "model.updated": "Model edited",
  "model.price_changed": "Price changed",
  "settings.updated": "Settings changed",
  "team.limits_changed": "Team limits changed",
  "team.suspended": "Team suspended",
  "team.resumed": "Team resumed",
  "service_token.created": "Service token created",
  "service_token.revoked": "Service token revoked",
};

function variantOf(action: string) {
  if (action.endsWith("revoked") || action.endsWith("suspended")) return "danger" as const;
  if (action.endsWith("created") || action.endsWith("resumed")) return "success" as const;
  return "secondary" as const;
}

export function OperatorAuditTable({ entries, now }: { entries: OperatorAuditRow[]; now: Date }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Operator</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => {
          const changed = diffRows(entry.before, entry.after).filter((r) => r.changed).length;
          return (
            <Fragment key={entry.id}>
            <TableRow data-testid="operator-audit-row" data-action={entry.action} className="border-b-0 align-top hover:bg-transparent">
              <TableCell className="whitespace-nowrap">
                <time dateTime={entry.createdAt.toISOString()} title={formatDateTime(entry.createdAt)}>
                  {formatRelative(entry.createdAt, now)}
                </time>
                <div className="text-xs text-muted-foreground">{formatDateTime(entry.createdAt)}</div>
              </TableCell>
              <TableCell className="max-w-48">
                <div className="truncate" title={entry.actor.email}>
                  {entry.actor.email}
                </div>
                <div className="truncate font-mono text-xs text-muted-foreground" title={entry.ip || undefined}>
                  {entry.ip || "—"}
                </div>
                <div className="truncate text-xs text-muted-foreground" title={entry.userAgent || undefined}>
                  {entry.userAgent || "—"}
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <Badge variant={variantOf(entry.action)} title={entry.action}>
                  {OPERATOR_ACTION_LABELS[entry.action] ?? entry.action}
                </Badge>
              </TableCell>
              <TableCell className="max-w-48">
                <div className="truncate" title={entry.targetLabel || entry.targetId || undefined}>
                  {entry.targetLabel || entry.targetId || entry.targetType}
                </div>
              </TableCell>
            </TableRow>
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={4} className="pt-0">
                <details>
                  <summary className="w-fit cursor-pointer rounded-sm text-sm text-primary select-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden dark:text-ring">
                    {changed === 1 ? "1 field changed" : `${changed} fields changed`}
                    <span className="sr-only">: show before and after</span>
                  </summary>
                  <div className="mt-2 max-w-3xl">
                    <AuditDiff before={entry.before} after={entry.after} />
                  </div>
                </details>
              </TableCell>
            </TableRow>
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
