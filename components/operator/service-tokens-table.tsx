"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { revokeServiceToken } from "@/lib/actions/operator/revoke-service-token";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { ServiceTokenSummary } from "@/lib/operator/service-tokens";

function When({ date, now, fallback = "never" }: { date: Date | null; now: Date; fallback?: string }) {
  if (!date) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelative(date, now)}
    </time>
  );
}

export function ServiceTokensTable({ tokens, now }: { tokens: ServiceTokenSummary[]; now: Date }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Token</TableHead>
          <TableHead>Created by</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((token) => {
          const masked = `${token.prefix}…${token.last4}`;
          return (
            <TableRow key={token.id} data-testid="service-token-row" data-status={token.status}>
              <TableCell className="max-w-48">
                <div className="truncate font-medium" title={token.name}>
                  {token.name}
                </div>
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{masked}</TableCell>
              <TableCell className="max-w-44">
                <div className="truncate" title={token.createdBy?.email}>
                  {token.createdBy?.name ?? token.createdBy?.email ?? <span className="text-muted-foreground">Command line</span>}
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <When date={token.createdAt} now={now} />
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <When date={token.lastUsedAt} now={now} />
              </TableCell>
              <TableCell>
                {token.status === "active" ? (
                  <Badge variant="success">Active</Badge>
                ) : (
                  <Badge variant="danger" title={token.revokedAt ? formatDateTime(token.revokedAt) : undefined}>
                    Revoked
                  </Badge>
                )}
              </TableCell>
              <TableCell className="text-right">
                {token.status === "active" && (
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline" size="sm" aria-label={`Revoke ${token.name}`}>
                        Revoke…
                      </Button>
                    }
                    title={`Revoke ${token.name}?`}
                    description={
                      <>
                        Calls with <span className="font-mono">{masked}</span> are refused with 401 from now on. This cannot be undone.
                      </>
                    }
                    confirmLabel="Revoke token"
                    destructive
                    action={() => revokeServiceToken({ tokenId: token.id })}
                  />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
