import { ArrowDownRight, ArrowRight, ArrowUpRight } from "lucide-react";
import { Card } from "@/components/ui/card";
import type { TrendTone } from "@/lib/usage/chart-format";
import { cn } from "@/lib/utils";

/** `text` is the change ("+12%"), `detail` what it is measured against ("vs previous 7 days"). */
export type StatTrend = { text: string; detail: string; direction: "up" | "down" | "flat"; tone: TrendTone };

const TONE_CLASS: Record<TrendTone, string> = {
  good: "text-success",
  bad: "text-destructive",
  neutral: "text-muted-foreground",
};

export function StatCard({
  label,
  value,
  hint,
  trend,
  className,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  trend?: StatTrend;
  className?: string;
}) {
  const Arrow = trend?.direction === "up" ? ArrowUpRight : trend?.direction === "down" ? ArrowDownRight : ArrowRight;
  return (
    <Card className={cn("gap-1 p-4", className)}>
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p className="text-2xl font-semibold tracking-tight tabular-nums">{value}</p>
      {trend && (
        <p className={cn("flex flex-wrap items-center gap-x-1 text-xs", TONE_CLASS[trend.tone])}>
          <Arrow className="size-3.5" aria-hidden />
          <span className="font-medium tabular-nums">{trend.text}</span>
          <span className="text-muted-foreground">{trend.detail}</span>
        </p>
      )}
      {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
    </Card>
  );
}
