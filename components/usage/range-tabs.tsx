"use client";

import { useRef } from "react";
import { RANGE_LABELS, USAGE_RANGES, type UsageRange } from "@/lib/usage/buckets";
import { cn } from "@/lib/utils";

/**
 * 24h / 7d / 30d as an ARIA tab list: Tab reaches the selected range, arrow
 * keys, Home and End move between ranges and select them.
 */
export function RangeTabs({ value, onChange }: { value: UsageRange; onChange: (range: UsageRange) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = USAGE_RANGES.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
    onChange(USAGE_RANGES[next]);
  }

  return (
    <div role="tablist" aria-label="Time range" className="inline-flex h-9 items-center gap-0.5 rounded-md border bg-muted p-0.5">
      {USAGE_RANGES.map((range, i) => {
        const selected = range === value;
        return (
          <button
            key={range}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            title={RANGE_LABELS[range]}
            onClick={() => onChange(range)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={cn(
              "h-full cursor-pointer rounded px-3 text-xs font-medium transition-colors",
              "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
              selected ? "bg-background text-foreground shadow-xs dark:bg-card" : "text-muted-foreground hover:text-foreground",
            )}
          >
            <span className="sr-only">{RANGE_LABELS[range]}</span>
            <span aria-hidden>{range}</span>
          </button>
        );
      })}
    </div>
  );
}
