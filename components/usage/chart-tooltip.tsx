"use client";

import { formatBucket, formatNumber } from "@/lib/usage/chart-format";

export type ChartSeries = { key: string; label: string; color: string };

type TooltipEntry = { dataKey?: unknown; value?: unknown };

/** Tooltip body for the usage charts: the bucket's time span and one line per series. */
export function ChartTooltip({
  active,
  payload,
  label,
  bucketMs,
  series,
  format = formatNumber,
}: {
  active?: boolean;
  payload?: readonly TooltipEntry[];
  label?: unknown;
  bucketMs: number;
  series: ChartSeries[];
  format?: (value: number) => string;
}) {
  if (!active || !payload?.length || typeof label !== "number") return null;
  const values = new Map(payload.map((p) => [String(p.dataKey), Number(p.value ?? 0)]));
  // Top of the stack first, as drawn.
  const lines = [...series].reverse().filter((s) => values.has(s.key));
  const total = lines.reduce((n, s) => n + (values.get(s.key) ?? 0), 0);
  return (
    <div className="min-w-44 rounded-md border bg-card px-3 py-2 text-xs text-card-foreground shadow-md">
      <p className="mb-1.5 font-medium">{formatBucket(label, bucketMs)}</p>
      <ul className="grid gap-1">
        {lines.map((s) => (
          <li key={s.key} className="flex items-center gap-2">
            <span aria-hidden className="size-2.5 shrink-0 rounded-sm" style={{ background: s.color }} />
            <span className="text-muted-foreground">{s.label}</span>
            <span className="ml-auto font-mono tabular-nums">{format(values.get(s.key) ?? 0)}</span>
          </li>
        ))}
        {lines.length > 1 && (
          <li className="mt-0.5 flex items-center gap-2 border-t pt-1">
            <span className="text-muted-foreground">Total</span>
            <span className="ml-auto font-mono tabular-nums">{format(total)}</span>
          </li>
        )}
      </ul>
    </div>
  );
}

/** Legend drawn in HTML (not recharts') so it wraps and reads like the rest of the page. */
export function ChartLegend({ series }: { series: ChartSeries[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden className="size-2.5 rounded-sm" style={{ background: s.color }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
