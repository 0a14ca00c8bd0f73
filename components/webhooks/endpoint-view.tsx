"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { DeliveryStatus } from "@/lib/webhooks/constants";
import type { DeliveriesViewWire, EndpointDetailWire } from "@/lib/webhooks/wire";
import { DeliveriesCard } from "./deliveries-card";
import { EditEndpointCard } from "./edit-endpoint-card";
import { EndpointActions } from "./endpoint-actions";
import { eventsSummary } from "./events-summary";
import { EndpointStatusBadge, endpointStatusReason } from "./status-badges";
import { useDeliveriesView, useRefreshDeliveries } from "./use-deliveries-view";

type Props = { teamId: string; teamSlug: string; initial: DeliveriesViewWire; renderedAt: number };

function Stat({ label, value, title }: { label: string; value: React.ReactNode; title?: string }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate text-sm font-medium tabular-nums" title={title}>
        {value}
      </dd>
    </div>
  );
}

function Overview({ endpoint, now }: { endpoint: EndpointDetailWire; now: Date }) {
  const reason = endpointStatusReason(endpoint, now);
  const events = eventsSummary(endpoint.events);
  const last = endpoint.lastDelivery;
  return (
    <Card>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-center gap-2">
          <EndpointStatusBadge status={endpoint.status} />
          {reason && <p className="text-sm text-muted-foreground">{reason}</p>}
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
          <Stat label="Events" value={events.text} title={events.title} />
          <Stat label="Succeeded (24 h)" value={endpoint.last24h.succeeded} />
          <Stat label="Failed (24 h)" value={endpoint.last24h.failed} />
          <Stat label="Waiting" value={endpoint.pending} />
          <Stat label="Last delivery" value={last ? formatRelative(last.at, now) : "None yet"} title={last ? formatDateTime(last.at) : undefined} />
        </dl>
      </CardContent>
    </Card>
  );
}

/** The endpoint page below the server's first render: everything here refreshes from one polled query. */
export function EndpointView({ teamId, teamSlug, initial, renderedAt }: Props) {
  const [status, setStatus] = useState<DeliveryStatus | undefined>();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const view = useDeliveriesView(teamSlug, initial.endpoint.id, { status, cursor }, { data: initial, at: renderedAt });
  const refresh = useRefreshDeliveries(teamSlug, initial.endpoint.id);
  const endpoint = view.data?.endpoint ?? initial.endpoint;
  const page = view.data?.page;
  // Relative times count from when the data was fetched, ticking while the page is open.
  const [now, setNow] = useState(() => new Date(renderedAt));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, [view.dataUpdatedAt]);

  return (
    <>
      <Link href={`/${teamSlug}/webhooks`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden className="size-4" />
        Webhooks
      </Link>
      <PageHeader
        title={<span className="font-mono text-xl break-all">{endpoint.url}</span>}
        description={endpoint.description || "Webhook endpoint"}
        actions={<EndpointActions teamId={teamId} teamSlug={teamSlug} endpoint={endpoint} onChanged={refresh} />}
        className="sm:flex-col lg:flex-row"
      />
      <div className="grid grid-cols-1 gap-6">
        <Overview endpoint={endpoint} now={now} />
        <DeliveriesCard
          teamId={teamId}
          teamSlug={teamSlug}
          enabled={endpoint.enabled}
          page={page}
          state={{
            loading: view.isPending || view.isPlaceholderData,
            refreshing: view.isFetching && !view.isPending,
            error: view.isError && !page ? (view.error instanceof Error ? view.error.message : "Couldn't load the deliveries.") : null,
            onRetry: () => void view.refetch(),
          }}
          now={now}
          status={status}
          onStatusChange={(next) => {
            setStatus(next);
            setCursors([]);
          }}
          pager={{
            newer: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : null,
            older: page?.nextCursor ? () => setCursors([...cursors, page.nextCursor!]) : null,
          }}
          onChanged={refresh}
        />
        <EditEndpointCard teamId={teamId} endpoint={endpoint} onChanged={refresh} />
      </div>
    </>
  );
}
