"use client";

import { TriangleAlert } from "lucide-react";

/** A failed fetch: says so, and whether the numbers on screen are the last good ones. */
export function UsageError({ error, stale }: { error: Error; stale: boolean }) {
  return (
    <div role="alert" className="mb-4 flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-4 py-3 text-sm text-destructive">
      <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      <p>
        {error.message}
        {stale && <span className="text-muted-foreground"> Showing the last numbers we loaded.</span>}
      </p>
    </div>
  );
}
