import { formatShare } from "@/lib/usage/chart-format";
import { formatUsd } from "@/lib/money";
import { budgetProgress, type BudgetLevel } from "@/lib/usage/spend";
import { cn } from "@/lib/utils";

const FILL: Record<BudgetLevel, string> = {
  ok: "bg-primary",
  warning: "bg-warning",
  over: "bg-destructive",
};

const TEXT: Record<BudgetLevel, string> = {
  ok: "text-muted-foreground",
  warning: "text-warning",
  over: "text-destructive",
};

/**
 * Month-to-date spend against one monthly limit: the bar turns amber at 80 %
 * and red at 100 %, and the words say the same for those who cannot see colour.
 */
export function BudgetBar({
  label,
  spentMicros,
  limitMicros,
  compact = false,
  className,
}: {
  label: string;
  spentMicros: number;
  limitMicros: number;
  /** One line, for table cells. */
  compact?: boolean;
  className?: string;
}) {
  const p = budgetProgress(spentMicros, limitMicros)!;
  const share = formatShare(p.ratio);
  const status =
    p.level === "over" ? (p.ratio > 1 ? "over budget" : "budget reached") : p.level === "warning" ? "nearing budget" : null;
  const summary = `${formatUsd(spentMicros)} of ${formatUsd(limitMicros)} (${share})`;
  return (
    <div className={cn("grid gap-1.5", className)}>
      {!compact && (
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 text-sm">
          <span className="font-medium">{label}</span>
          <span className="tabular-nums text-muted-foreground">
            {formatUsd(spentMicros)} of {formatUsd(limitMicros)}
          </span>
        </div>
      )}
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(p.ratio * 100))}
        aria-valuetext={status ? `${summary}, ${status}` : summary}
        className={cn("h-2 w-full overflow-hidden rounded-full bg-muted", compact && "h-1.5")}
      >
        <div className={cn("h-full rounded-full transition-[width]", FILL[p.level])} style={{ width: `${Math.min(100, p.ratio * 100)}%` }} />
      </div>
      <p className={cn("text-xs tabular-nums", TEXT[p.level])}>
        {compact ? `${share} of ${formatUsd(limitMicros)}` : share}
        {status && ` · ${status}`}
        {!compact && p.level !== "over" && <span className="text-muted-foreground"> · {formatUsd(p.remainingMicros)} left</span>}
      </p>
    </div>
  );
}
