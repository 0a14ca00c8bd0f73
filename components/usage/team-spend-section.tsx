import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/money";
import type { Environment } from "@/lib/keys/constants";
import { PREVIOUS_LABELS, RANGE_LABELS } from "@/lib/usage/buckets";
import { bucketWord, formatShare, formatTrend, formatUsdAxis } from "@/lib/usage/chart-format";
import type { TeamUsage } from "@/lib/usage/query";
import { envSeries } from "@/lib/usage/series";
import { BudgetBar } from "./budget-bar";
import { ChartCard } from "./chart-card";
import { ModelSpendTable } from "./model-spend-table";
import { MonthToDateCard } from "./month-to-date-card";
import { ENVIRONMENT_SERIES } from "./series-config";
import { TimeSeriesChart } from "./time-series-chart";

/** What billing viewers come for: this month against the budgets, then the range's spend by environment, time and model. */
export function TeamSpendSection({ data }: { data: TeamUsage }) {
  const { month, byEnvironment, byModel, trend } = data.spend;
  const range = RANGE_LABELS[data.range];
  const rangeCost = data.totals.costMicros;
  const caption = `${range} · ${bucketWord(data.bucketMs)} buckets, UTC`;
  const fallback = data.totals.fallbackPriced;
  return (
    <section aria-labelledby="spend-heading" className="grid gap-4">
      <h2 id="spend-heading" className="text-base font-semibold">
        Spend
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <MonthToDateCard month={month} noBudget={month.budgetMicros === null && month.spendCapMicros === null ? "No monthly budget set. " : null}>
          {month.budgetMicros !== null && <BudgetBar label="Team budget" spentMicros={month.spentMicros} limitMicros={month.budgetMicros} />}
          {month.spendCapMicros !== null && (
            <BudgetBar label="Provider's spend limit" spentMicros={month.spentMicros} limitMicros={month.spendCapMicros} />
          )}
        </MonthToDateCard>
        <Card className="gap-3 p-4" aria-label="Spend in range">
          <div className="grid gap-1">
            <p className="text-xs font-medium text-muted-foreground">Spend · {range}</p>
            <p className="text-2xl font-semibold tracking-tight tabular-nums">{formatUsd(rangeCost)}</p>
            <p className="text-xs text-muted-foreground">
              {trend === null ? `none in the ${PREVIOUS_LABELS[data.range]}` : `${formatTrend(trend)} vs ${PREVIOUS_LABELS[data.range]}`}
            </p>
          </div>
          <ul aria-label="Spend by environment" className="grid gap-2">
            {ENVIRONMENT_SERIES.map(({ key, label, color }) => {
              const env = key as Environment;
              const cost = byEnvironment[env].costMicros;
              return (
                <li key={env} className="grid gap-1 text-sm">
                  <div className="flex items-baseline justify-between gap-3">
                    <span className="flex items-center gap-1.5">
                      <span aria-hidden className="size-2.5 rounded-sm" style={{ background: color }} />
                      {label}
                    </span>
                    <span className="tabular-nums">
                      {formatUsd(cost)}
                      <span className="text-muted-foreground"> · {formatShare(rangeCost > 0 ? cost / rangeCost : 0)}</span>
                    </span>
                  </div>
                </li>
              );
            })}
          </ul>
          {fallback > 0 && (
            <p className="text-xs text-warning">
              {fallback.toLocaleString("en-US")} {fallback === 1 ? "request" : "requests"} named a model not in the catalogue and
              {fallback === 1 ? " was" : " were"} priced at the provider&apos;s fallback price.
            </p>
          )}
        </Card>
      </div>
      <ChartCard title="Spend over time by environment" description={caption}>
        <TimeSeriesChart
          kind="bar"
          data={envSeries(data.byEnvironment, "costMicros")}
          series={ENVIRONMENT_SERIES}
          bucketMs={data.bucketMs}
          label={`Spend by environment, ${caption}`}
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
