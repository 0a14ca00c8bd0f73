"use client";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { DeliveryRowWire } from "@/lib/webhooks/wire";
import { CodeBlock } from "@/components/ui/code-block";
import { useDeliveryDetail } from "./use-deliveries-view";

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** An opened delivery: the error of its last attempt, the payload and the request headers. */
export function DeliveryDetail({ id, teamSlug, delivery }: { id: string; teamSlug: string; delivery: DeliveryRowWire }) {
  const detail = useDeliveryDetail(teamSlug, delivery);
  return (
    <div id={id} className="grid min-w-0 gap-3" data-testid="delivery-detail">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Event id</dt>
        <dd className="min-w-0 font-mono text-xs break-all">{delivery.eventId}</dd>
        <dt className="text-muted-foreground">Error</dt>
        <dd className={delivery.lastError ? "min-w-0 break-words text-destructive" : "text-muted-foreground"}>{delivery.lastError || "None"}</dd>
      </dl>
      {detail.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : detail.isError ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 text-sm text-destructive">
          {detail.error instanceof Error ? detail.error.message : "Couldn't load the delivery."}
          <Button variant="outline" size="sm" onClick={() => void detail.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <div className="grid min-w-0 gap-3 lg:grid-cols-2">
          <CodeBlock capHeight label="Payload (JSON)" text={pretty(detail.data.payload)} copyLabel="Copy payload" />
          <CodeBlock capHeight
            label="Request headers"
            copyLabel="Copy headers"
            text={
              detail.data.requestHeaders
                ? Object.entries(detail.data.requestHeaders)
                    .map(([name, value]) => `${name}: ${value}`)
                    .join("\n")
                : "Not sent yet."
            }
          />
        </div>
      )}
    </div>
  );
}
