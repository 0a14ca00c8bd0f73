import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder for the stat cards and charts while a range loads. */
export function UsageSkeleton({ cards = 4, charts = 2 }: { cards?: number; charts?: number }) {
  return (
    <div className="grid gap-4" role="status" aria-label="Loading usage">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {Array.from({ length: cards }, (_, i) => (
          <Card key={i} className="gap-2 p-4">
            <Skeleton className="h-3 w-20" />
            <Skeleton className="h-7 w-24" />
          </Card>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: charts }, (_, i) => (
          <Card key={i} className="gap-4 p-6">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-56 w-full" />
          </Card>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
