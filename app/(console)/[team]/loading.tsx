import { Skeleton } from "@/components/ui/skeleton";

/**
 * Shown inside the team shell while a team page loads. It lives below the
 * team layout on purpose: that layout's membership check then finishes before
 * streaming starts, so strangers get a real 404 status, not a 200.
 */
export default function TeamPageLoading() {
  return (
    <div className="grid content-start gap-4" role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-2">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-4 w-80 max-w-full" />
        </div>
        <Skeleton className="h-9 w-28" />
      </div>
      <Skeleton className="mt-2 h-10 w-full" />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-12 w-full" />
      ))}
    </div>
  );
}
