"use client";

import { Bar, BarChart, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatNumber } from "@/lib/usage/chart-format";

export type TopKeyDatum = { id: string; name: string; value: number };

const ROW = 44;

/** Horizontal bars for the busiest keys, each named above its bar so long names stay readable. */
export function TopKeysChart({ data, metricLabel }: { data: TopKeyDatum[]; metricLabel: string }) {
  return (
    <div
      role="img"
      aria-label={`Top keys by ${metricLabel.toLowerCase()}: ${data.map((d) => `${d.name} ${formatNumber(d.value)}`).join(", ")}`}
      style={{ height: data.length * ROW + 8 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 16, right: 48, bottom: 0, left: 0 }} barSize={12} barCategoryGap={0}>
          <XAxis type="number" hide domain={[0, "dataMax"]} />
          <YAxis type="category" dataKey="id" hide />
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
          <Bar dataKey="value" fill="var(--chart-1)" radius={3} isAnimationActive={false} background={{ fill: "var(--muted)", radius: 3 }}>
            <LabelList
              dataKey="name"
              content={({ x, y, value }) => (
                <text x={Number(x)} y={Number(y) - 6} fill="var(--foreground)" fontSize={12}>
                  {String(value).length > 40 ? `${String(value).slice(0, 39)}…` : String(value)}
                </text>
              )}
            />
            <LabelList
              dataKey="value"
              position="right"
              formatter={(v: unknown) => formatCompact(Number(v))}
              fill="var(--muted-foreground)"
              fontSize={11}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
