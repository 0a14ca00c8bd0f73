import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { EndpointSummaryWire } from "@/lib/webhooks/wire";
import { eventsSummary } from "./events-summary";
import { DeliveryStatusBadge, EndpointStatusBadge, endpointStatusReason, ResponseCode } from "./status-badges";

type Props = { teamSlug: string; endpoints: EndpointSummaryWire[]; now: Date };

function UrlLink({ teamSlug, endpoint }: { teamSlug: string; endpoint: EndpointSummaryWire }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <Link href={`/${teamSlug}/webhooks/${endpoint.id}`} className="font-mono text-sm font-medium break-all text-primary hover:underline dark:text-ring">
        {endpoint.url}
      </Link>
      {endpoint.description && <span className="text-xs break-words text-muted-foreground">{endpoint.description}</span>}
    </div>
  );
}

function Events({ events }: { events: string[] }) {
  const { text, title } = eventsSummary(events);
  return <span title={title}>{text}</span>;
}

function Status({ endpoint, now }: { endpoint: EndpointSummaryWire; now: Date }) {
  const reason = endpointStatusReason(endpoint, now);
  return (
    <div className="grid max-w-64 justify-items-start gap-1">
      <EndpointStatusBadge status={endpoint.status} />
      {reason && <span className="text-xs text-muted-foreground">{reason}</span>}
    </div>
  );
}

function LastDelivery({ endpoint, now }: { endpoint: EndpointSummaryWire; now: Date }) {
  const last = endpoint.lastDelivery;
  if (!last) return <span className="text-muted-foreground">None yet</span>;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <DeliveryStatusBadge status={last.status} attempts={1} />
      <ResponseCode code={last.statusCode} />
      <span className="text-muted-foreground" title={formatDateTime(last.at)}>
        {formatRelative(last.at, now)}
      </span>
    </div>
  );
}

/** A table from tablet width up; on a phone, one stacked card per endpoint (no sideways scrolling). */
export function EndpointsList({ teamSlug, endpoints, now }: Props) {
  return (
    <>
      <div className="hidden md:block">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="pr-3 pl-4">Endpoint</TableHead>
              <TableHead className="px-3">Events</TableHead>
              <TableHead className="px-3">Status</TableHead>
              <TableHead className="px-3">Last delivery</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {endpoints.map((endpoint) => (
              <TableRow key={endpoint.id} data-testid="endpoint-row">
                <TableCell className="max-w-96 min-w-48 pr-3 pl-4">
                  <UrlLink teamSlug={teamSlug} endpoint={endpoint} />
                </TableCell>
                <TableCell className="px-3 whitespace-nowrap">
                  <Events events={endpoint.events} />
                </TableCell>
                <TableCell className="px-3">
                  <Status endpoint={endpoint} now={now} />
                </TableCell>
                <TableCell className="px-3">
                  <LastDelivery endpoint={endpoint} now={now} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <ul className="grid gap-3 md:hidden" aria-label="Webhook endpoints">
        {endpoints.map((endpoint) => (
          <li key={endpoint.id} data-testid="endpoint-card" className="grid gap-3 rounded-lg border bg-card p-4 text-sm">
            <UrlLink teamSlug={teamSlug} endpoint={endpoint} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
              <dt className="text-muted-foreground">Status</dt>
              <dd className="min-w-0">
                <Status endpoint={endpoint} now={now} />
              </dd>
              <dt className="text-muted-foreground">Events</dt>
              <dd>
                <Events events={endpoint.events} />
              </dd>
              <dt className="text-muted-foreground">Last delivery</dt>
              <dd>
                <LastDelivery endpoint={endpoint} now={now} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
