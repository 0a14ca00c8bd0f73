import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/money";
import { RANGE_LABELS } from "@/lib/usage/buckets";
import { bucketWord, formatUsdAxis } from "@/lib/usage/chart-format";
import type { KeyUsage } from "@/lib/usage/query";
import { BudgetBar } from "./budget-bar";
import { ChartCard } from "./chart-card";
import { ModelSpendTable } from "./model-spend-table";
import { MonthToDateCard } from "./month-to-date-card";
import { COST_SERIES } from "./series-config";
import { TimeSeriesChart } from "./time-series-chart";

/** A key's spend: this month against its own budget, the range's spend over time and by model. */
export function KeySpendSection({ data }: { data: KeyUsage }) {
  const { month, byModel } = data.spend;
  const range = RANGE_LABELS[data.range];
  const caption = `${range} · ${bucketWord(data.bucketMs)} buckets, UTC`;
  const fallback = data.totals.fallbackPriced;
  return (
    <section aria-labelledby="key-spend-heading" className="grid gap-4">
      <h2 id="key-spend-heading" className="text-base font-semibold">
        Spend
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <MonthToDateCard month={month} noBudget={month.budgetMicros === null ? "No monthly budget on this key. " : null}>
          {month.budgetMicros !== null && <BudgetBar label="Key budget" spentMicros={month.spentMicros} limitMicros={month.budgetMicros} />}
        </MonthToDateCard>
        <Card className="gap-1 p-4" aria-label="Spend in range">
          <p className="text-xs font-medium text-muted-foreground">Spend · {range}</p>
          <p className="text-2xl font-semibold tracking-tight tabular-nums">{formatUsd(data.totals.costMicros)}</p>
          <p className="text-xs text-muted-foreground">
            Priced from the provider&apos;s model catalogue at the time of each request.
          </p>
          {fallback > 0 && (
            <p className="text-xs text-warning">
              {fallback.toLocaleString("en-US")} {fallback === 1 ? "request" : "requests"} named a model not in the catalogue,
              priced at the provider&apos;s fallback price.
            </p>
          )}
        </Card>
      </div>
      <ChartCard title="Spend over time" description={caption}>
        <TimeSeriesChart
          kind="bar"
          data={data.series}
          series={COST_SERIES}
          bucketMs={data.bucketMs}
          label={`Spend, ${caption}`}
          format={(v) => formatUsd(v)}
          axisFormat={formatUsdAxis}
        />
      </ChartCard>
      <div className="grid gap-3">
        <h3 className="text-sm font-semibold">Spend by model</h3>
        <ModelSpendTable lines={byModel} rangeLabel={range} />
      </div>
    </section>
  );
}
