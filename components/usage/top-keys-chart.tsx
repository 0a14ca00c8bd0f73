"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatNumber } from "@/lib/usage/chart-format";

export type TopKeyDatum = { id: string; name: string; value: number };

/** Horizontal bars: the busiest keys of the range. */
export function TopKeysChart({ data, metricLabel }: { data: TopKeyDatum[]; metricLabel: string }) {
  const height = Math.max(120, data.length * 40 + 24);
  return (
    <div
      role="img"
      aria-label={`Top keys by ${metricLabel.toLowerCase()}: ${data.map((d) => `${d.name} ${formatNumber(d.value)}`).join(", ")}`}
      style={{ height }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }} barCategoryGap={8}>
          <XAxis
            type="number"
            allowDecimals={false}
            tickFormatter={(v: number) => formatCompact(v)}
            stroke="var(--muted-foreground)"
            tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
            tickLine={false}
            axisLine={false}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={112}
            tickFormatter={(name: string) => (name.length > 16 ? `${name.slice(0, 15)}…` : name)}
            stroke="var(--muted-foreground)"
            tick={{ fill: "var(--foreground)", fontSize: 12 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            cursor={{ fill: "var(--muted)", fillOpacity: 0.6 }}
            isAnimationActive={false}
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as TopKeyDatum | undefined;
              if (!active || !d) return null;
              return (
                <div className="rounded-md border bg-card px-3 py-2 text-xs text-card-foreground shadow-md">
                  <p className="font-medium">{d.name}</p>
                  <p className="text-muted-foreground">
                    {metricLabel}: <span className="font-mono text-foreground tabular-nums">{formatNumber(d.value)}</span>
                  </p>
                </div>
              );
            }}
          />
          <Bar dataKey="value" fill="var(--chart-1)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
