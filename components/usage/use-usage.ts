"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { UsageRange } from "@/lib/usage/buckets";

export class UsageFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function fetchUsage<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new UsageFetchError(body?.error?.message ?? "Couldn't load usage.", res.status);
  }
  return (await res.json()) as T;
}

/**
 * The selected range, kept in `?range=` so reloads and shared links keep it.
 * Switching only rewrites the URL (no server round trip); the query below
 * fetches the new range from the console API.
 */
export function useRangeParam(initial: UsageRange) {
  const [range, setRangeState] = useState<UsageRange>(initial);
  const setRange = useCallback((next: UsageRange) => {
    setRangeState(next);
    const url = new URL(window.location.href);
    url.searchParams.set("range", next);
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return [range, setRange] as const;
}

/** Usage data for `range`, seeded with what the server rendered for `initialRange`, polled while open. */
export function useUsage<T>(options: {
  queryKey: readonly unknown[];
  url: string;
  range: UsageRange;
  initialRange: UsageRange;
  initialData: T;
  refetchInterval: number;
}) {
  const { queryKey, url, range, initialRange, initialData, refetchInterval } = options;
  return useQuery({
    queryKey: [...queryKey, range],
    queryFn: () => fetchUsage<T>(`${url}?range=${range}`),
    initialData: range === initialRange ? initialData : undefined,
    refetchInterval,
    // A signed-out or removed member should see the error, not a retry loop.
    retry: (count, error) => !(error instanceof UsageFetchError && error.status < 500) && count < 1,
  });
}
