import { Skeleton } from "@/components/ui/skeleton";
import { UsageSkeleton } from "@/components/usage/usage-skeleton";

export default function TeamUsageLoading() {
  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <Skeleton className="h-8 w-32" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <UsageSkeleton />
    </div>
  );
}
