import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/money";
import { formatMonthDay } from "@/lib/usage/chart-format";

/** This month's spend with the budget bars that apply (children), for the team dashboard and a key's page. */
export function MonthToDateCard({
  month,
  noBudget,
  children,
}: {
  month: { label: string; spentMicros: number; resetsAt: number };
  /** Shown when no bar applies, e.g. "No monthly budget set. "; null when a bar is shown. */
  noBudget: string | null;
  children?: React.ReactNode;
}) {
  return (
    <Card className="gap-3 p-4" aria-label="Month to date">
      <div className="grid gap-1">
        <p className="text-xs font-medium text-muted-foreground">Month to date · {month.label}</p>
        <p className="text-2xl font-semibold tracking-tight tabular-nums">{formatUsd(month.spentMicros)}</p>
      </div>
      {children}
      <p className="text-xs text-muted-foreground">
        {noBudget}
        Resets on {formatMonthDay(month.resetsAt)} (UTC).
      </p>
    </Card>
  );
}
