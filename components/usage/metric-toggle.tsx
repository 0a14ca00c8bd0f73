"use client";

import type { TrafficMetric } from "@/lib/usage/series";
import { cn } from "@/lib/utils";

const OPTIONS: { value: TrafficMetric; label: string }[] = [
  { value: "requests", label: "Requests" },
  { value: "verifications", label: "Verifications" },
];

/** Two toggle buttons choosing what the environment chart plots. */
export function MetricToggle({ value, onChange }: { value: TrafficMetric; onChange: (metric: TrafficMetric) => void }) {
  return (
    <div role="group" aria-label="Metric" className="inline-flex shrink-0 items-center gap-0.5 rounded-md border bg-muted p-0.5">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
          className={cn(
            "h-7 cursor-pointer rounded px-2.5 text-xs font-medium transition-colors",
            "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
            o.value === value ? "bg-background text-foreground shadow-xs dark:bg-card" : "text-muted-foreground hover:text-foreground",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
