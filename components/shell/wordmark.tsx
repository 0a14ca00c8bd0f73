import { Castle } from "lucide-react";
import { cn } from "@/lib/utils";

/** The Gatehouse logo mark and name. `compact` hides the name on small screens. */
export function Wordmark({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground shadow-xs">
        <Castle className="size-4" aria-hidden />
      </span>
      <span className={cn(compact && "sr-only sm:not-sr-only")}>Gatehouse</span>
    </span>
  );
}
