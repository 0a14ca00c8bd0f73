"use client";

import { RefreshCw } from "lucide-react";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DELIVERY_STATUS_LABELS, DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/webhooks/constants";
import type { DeliveriesPageWire, DeliveryRowWire } from "@/lib/webhooks/wire";
import { DeliveryDetail } from "./delivery-detail";
import { Duration, ExpandButton, ResendButton, WhenCell } from "./delivery-cells";
import { DeliveryStatusBadge, ResponseCode } from "./status-badges";

export type DeliveriesCardProps = {
  teamId: string;
  teamSlug: string;
  enabled: boolean;
  page: DeliveriesPageWire | undefined;
  state: { loading: boolean; refreshing: boolean; error: string | null; onRetry: () => void };
  now: Date;
  status: DeliveryStatus | undefined;
  onStatusChange: (status: DeliveryStatus | undefined) => void;
  pager: { newer: (() => void) | null; older: (() => void) | null };
  onChanged: () => void;
};

const COLUMNS = 8;

function EmptyText({ status }: { status: DeliveryStatus | undefined }) {
  return status ? (
    <>No {DELIVERY_STATUS_LABELS[status].toLowerCase()} deliveries.</>
  ) : (
    <>No deliveries yet. Send a test event, or wait for something to happen in the team.</>
  );
}

/** The endpoint's deliveries: a table from tablet width up, stacked rows on a phone; each opens to its payload and error. */
export function DeliveriesCard(props: DeliveriesCardProps) {
  const { teamId, teamSlug, enabled, page, state, now, status, onStatusChange, pager, onChanged } = props;
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setOpen((prev) => (prev.has(id) ? new Set([...prev].filter((x) => x !== id)) : new Set([...prev, id])));
  const rows = page?.deliveries ?? [];
  const detailId = (d: DeliveryRowWire) => `delivery-${d.id}`;
  const toggleLabel = (d: DeliveryRowWire) => `${open.has(d.id) ? "Hide" : "Show"} details of ${d.eventType} ${d.eventId}`;

  return (
    <Card aria-labelledby="deliveries-title">
      <CardHeader className="flex-row flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle id="deliveries-title">Deliveries</CardTitle>
          <CardDescription>
            Newest first. Open a row for its payload and error.{" "}
            {state.refreshing && <span className="inline-flex items-center gap-1"><RefreshCw aria-hidden className="size-3 animate-spin" /> Updating…</span>}
          </CardDescription>
        </div>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Status</span>
          <Select
            value={status ?? ""}
            onChange={(e) => onStatusChange((e.target.value || undefined) as DeliveryStatus | undefined)}
            options={[{ value: "", label: "All" }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: DELIVERY_STATUS_LABELS[s] }))]}
            wrapperClassName="w-40"
          />
        </label>
      </CardHeader>
      <CardContent className="grid gap-4">
        {state.error ? (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {state.error}
            <Button variant="outline" size="sm" onClick={state.onRetry}>
              Try again
            </Button>
          </div>
        ) : state.loading && !page ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading deliveries">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : (
          <>
            <div className="hidden md:block">
              <Table aria-label="Deliveries">
                <TableHeader>
                  <TableRow>
                    <TableHead className="w-10 pr-0 pl-3">
                      <span className="sr-only">Details</span>
                    </TableHead>
                    <TableHead className="px-3">Status</TableHead>
                    <TableHead className="px-3">Event</TableHead>
                    <TableHead className="px-3">Response</TableHead>
                    <TableHead className="px-3">Attempts</TableHead>
                    <TableHead className="px-3">Next retry</TableHead>
                    <TableHead className="px-3">Duration</TableHead>
                    <TableHead className="px-3">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.length === 0 && (
                    <TableEmpty colSpan={COLUMNS}>
                      <EmptyText status={status} />
                    </TableEmpty>
                  )}
                  {rows.map((d) => (
                    <Fragment key={d.id}>
                      <TableRow data-testid="delivery-row" data-status={d.status}>
                        <TableCell className="pr-0 pl-3">
                          <ExpandButton open={open.has(d.id)} controls={detailId(d)} onToggle={() => toggle(d.id)} label={toggleLabel(d)} />
                        </TableCell>
                        <TableCell className="px-3">
                          <DeliveryStatusBadge status={d.status} attempts={d.attempts} />
                        </TableCell>
                        <TableCell className="px-3">
                          <div className="grid gap-0.5">
                            <code className="font-mono text-xs">{d.eventType}</code>
                            <WhenCell at={d.lastAttemptAt ?? d.createdAt} now={now} />
                          </div>
                        </TableCell>
                        <TableCell className="px-3">
                          <ResponseCode code={d.lastStatusCode} />
                        </TableCell>
                        <TableCell className="px-3 tabular-nums">{d.attempts}</TableCell>
                        <TableCell className="px-3">
                          <WhenCell at={d.nextAttemptAt} now={now} due />
                        </TableCell>
                        <TableCell className="px-3">
                          <Duration ms={d.lastDurationMs} />
                        </TableCell>
                        <TableCell className="px-3 text-right">
                          <ResendButton teamId={teamId} delivery={d} enabled={enabled} onQueued={onChanged} />
                        </TableCell>
                      </TableRow>
                      {open.has(d.id) && (
                        <TableRow className="hover:bg-transparent">
                          <TableCell colSpan={COLUMNS} className="bg-muted/30 px-4">
                            <DeliveryDetail id={detailId(d)} teamSlug={teamSlug} delivery={d} />
                          </TableCell>
                        </TableRow>
                      )}
                    </Fragment>
                  ))}
                </TableBody>
              </Table>
            </div>

            <ul className="grid gap-3 md:hidden" aria-label="Deliveries">
              {rows.length === 0 && (
                <li className="rounded-lg border border-dashed px-4 py-8 text-center text-sm text-muted-foreground">
                  <EmptyText status={status} />
                </li>
              )}
              {rows.map((d) => (
                <li key={d.id} data-testid="delivery-card" data-status={d.status} className="grid gap-3 rounded-lg border bg-card p-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <DeliveryStatusBadge status={d.status} attempts={d.attempts} />
                    <code className="min-w-0 font-mono text-xs break-all">{d.eventType}</code>
                    <span className="ml-auto text-muted-foreground">
                      <WhenCell at={d.lastAttemptAt ?? d.createdAt} now={now} />
                    </span>
                  </div>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                    <dt className="text-muted-foreground">Response</dt>
                    <dd>
                      <ResponseCode code={d.lastStatusCode} />
                    </dd>
                    <dt className="text-muted-foreground">Attempts</dt>
                    <dd className="tabular-nums">{d.attempts}</dd>
                    <dt className="text-muted-foreground">Next retry</dt>
                    <dd>
                      <WhenCell at={d.nextAttemptAt} now={now} due />
                    </dd>
                    <dt className="text-muted-foreground">Duration</dt>
                    <dd>
                      <Duration ms={d.lastDurationMs} />
                    </dd>
                  </dl>
                  <div className="grid grid-cols-2 gap-2">
                    <Button variant="outline" size="sm" aria-expanded={open.has(d.id)} aria-controls={`m-${detailId(d)}`} onClick={() => toggle(d.id)}>
                      {open.has(d.id) ? "Hide details" : "Details"}
                    </Button>
                    <ResendButton teamId={teamId} delivery={d} enabled={enabled} onQueued={onChanged} />
                  </div>
                  {open.has(d.id) && <DeliveryDetail id={`m-${detailId(d)}`} teamSlug={teamSlug} delivery={d} />}
                </li>
              ))}
            </ul>

            {(pager.newer || pager.older) && (
              <nav aria-label="Deliveries pages" className="flex items-center justify-end gap-2">
                <Button variant="outline" size="sm" disabled={!pager.newer} onClick={() => pager.newer?.()}>
                  Newer
                </Button>
                <Button variant="outline" size="sm" disabled={!pager.older} onClick={() => pager.older?.()}>
                  Older
                </Button>
              </nav>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
