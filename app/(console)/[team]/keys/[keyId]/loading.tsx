import { Skeleton } from "@/components/ui/skeleton";
import { UsageSkeleton } from "@/components/usage/usage-skeleton";

export default function KeyUsageLoading() {
  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <Skeleton className="h-4 w-20" />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <UsageSkeleton cards={8} />
    </div>
  );
}
