import { Skeleton } from "@/components/ui/skeleton";

export default function ConsoleLoading() {
  return (
    <div
      className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 md:py-8"
      role="status"
      aria-live="polite"
      aria-label="Loading"
    >
      <div className="flex flex-col gap-6 md:flex-row md:gap-10">
        <div className="hidden gap-2 md:grid md:w-52 md:content-start">
          <Skeleton className="mb-3 h-5 w-32" />
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
        <div className="grid flex-1 content-start gap-4">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-4 w-80 max-w-full" />
          <Skeleton className="mt-4 h-64 w-full" />
        </div>
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
