"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTicks, formatCompact, formatTick } from "@/lib/usage/chart-format";
import { cn } from "@/lib/utils";
import { ChartLegend, ChartTooltip, type ChartSeries } from "./chart-tooltip";
import { OUTCOME_COLOR_VARS } from "./series-config";

export type TimeSeriesChartProps = {
  kind: "bar" | "area";
  data: readonly ({ t: number } & Record<string, number>)[];
  series: ChartSeries[];
  bucketMs: number;
  /** Accessible summary of what the chart shows. */
  label: string;
  height?: number;
  format?: (value: number) => string;
  /** Y-axis labels; compact counts unless given. */
  axisFormat?: (value: number) => string;
};

const axisProps = {
  stroke: "var(--muted-foreground)",
  tick: { fill: "var(--muted-foreground)", fontSize: 11 },
  tickLine: false,
  axisLine: false,
} as const;

/** A stacked bar or area chart over the range's time buckets. All maths lives in lib/usage. */
export function TimeSeriesChart({ kind, data, series, bucketMs, label, height = 240, format, axisFormat = formatCompact }: TimeSeriesChartProps) {
  const ticks = axisTicks(data.map((d) => d.t), bucketMs);
  const Chart = kind === "bar" ? BarChart : AreaChart;
  return (
    <figure className={cn("grid gap-3", OUTCOME_COLOR_VARS)}>
      <div role="img" aria-label={label} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <Chart data={data as ({ t: number } & Record<string, number>)[]} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              ticks={ticks}
              interval={0}
              tickFormatter={(t: number) => formatTick(t, bucketMs)}
              minTickGap={8}
              {...axisProps}
            />
            <YAxis width={44} allowDecimals={false} tickFormatter={(v: number) => axisFormat(v)} {...axisProps} />
            <Tooltip
              cursor={{ fill: "var(--muted)", fillOpacity: 0.6, stroke: "var(--border)" }}
              content={(props) => <ChartTooltip {...props} bucketMs={bucketMs} series={series} format={format} />}
              isAnimationActive={false}
            />
            {series.map((s, i) =>
              kind === "bar" ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="stack"
                  fill={s.color}
                  isAnimationActive={false}
                  radius={i === series.length - 1 ? [2, 2, 0, 0] : 0}
                />
              ) : (
                <Area
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="stack"
                  type="monotone"
                  stroke={s.color}
                  fill={s.color}
                  fillOpacity={0.25}
                  strokeWidth={1.5}
                  isAnimationActive={false}
                />
              ),
            )}
          </Chart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ChartLegend series={series} />
      </figcaption>
    </figure>
  );
}
