"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { OPEN_DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/webhooks/constants";
import type { DeliveriesViewWire, DeliveryDetailWire } from "@/lib/webhooks/wire";

/** While anything is waiting for the worker, the page looks again this often. */
export const POLL_MS = 2500;

export class WebhookFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new WebhookFetchError(body?.error?.message ?? "Couldn't load the deliveries.", res.status);
  }
  return (await res.json()) as T;
}

// A signed-out or removed member, or a deleted endpoint, should see the error, not a retry loop.
const retry = (count: number, error: unknown) => !(error instanceof WebhookFetchError && error.status < 500) && count < 1;

const viewKey = (teamSlug: string, endpointId: string) => ["webhook-deliveries", teamSlug, endpointId] as const;

export type ViewFilter = { status?: DeliveryStatus; cursor?: string };

/**
 * The endpoint's state and one page of its deliveries, seeded with what the server rendered
 * for the first page, polled while a delivery is pending or being sent.
 */
export function useDeliveriesView(teamSlug: string, endpointId: string, filter: ViewFilter, initial: { data: DeliveriesViewWire; at: number }) {
  const first = !filter.status && !filter.cursor;
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.cursor) params.set("cursor", filter.cursor);
  return useQuery({
    queryKey: [...viewKey(teamSlug, endpointId), filter.status ?? "", filter.cursor ?? ""],
    queryFn: () => getJson<DeliveriesViewWire>(`/api/teams/${encodeURIComponent(teamSlug)}/webhooks/${encodeURIComponent(endpointId)}/deliveries?${params}`),
    initialData: first ? initial.data : undefined,
    initialDataUpdatedAt: first ? initial.at : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const data = query.state.data;
      const open = data && (data.endpoint.pending > 0 || data.page.deliveries.some((d) => OPEN_DELIVERY_STATUSES.includes(d.status)));
      return open ? POLL_MS : false;
    },
    retry,
  });
}

/** Refetches every page of this endpoint's view (after a test event, a resend, a change). */
export function useRefreshDeliveries(teamSlug: string, endpointId: string) {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: viewKey(teamSlug, endpointId) }), [client, teamSlug, endpointId]);
}

/** One delivery's payload and headers; its key includes what changes on each attempt, so an opened row stays current. */
export function useDeliveryDetail(teamSlug: string, delivery: { id: string; status: string; attempts: number }) {
  return useQuery({
    queryKey: ["webhook-delivery", teamSlug, delivery.id, delivery.status, delivery.attempts],
    queryFn: () => getJson<DeliveryDetailWire>(`/api/teams/${encodeURIComponent(teamSlug)}/webhooks/deliveries/${encodeURIComponent(delivery.id)}`),
    staleTime: 60_000,
    retry,
  });
}
