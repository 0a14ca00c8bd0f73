"use client";

import { Download, KeyRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RANGE_LABELS, type UsageRange } from "@/lib/usage/buckets";
import { bucketWord } from "@/lib/usage/chart-format";
import type { TeamUsage } from "@/lib/usage/query";
import { envSeries, hasTraffic, topBy, type TrafficMetric } from "@/lib/usage/series";
import { ChartCard } from "./chart-card";
import { KeyBreakdownTable } from "./key-breakdown-table";
import { MetricToggle } from "./metric-toggle";
import { RangeTabs } from "./range-tabs";
import { ENVIRONMENT_SERIES } from "./series-config";
import { TeamSpendSection } from "./team-spend-section";
import { TeamStatCards } from "./team-stat-cards";
import { TimeSeriesChart } from "./time-series-chart";
import { TopKeysChart } from "./top-keys-chart";
import { useRangeParam, useUsage } from "./use-usage";
import { UsageError } from "./usage-error";
import { UsageSkeleton } from "./usage-skeleton";

export function TeamUsageView({ initial, initialRange }: { initial: TeamUsage; initialRange: UsageRange }) {
  const slug = initial.team.slug;
  const [range, setRange] = useRangeParam(initialRange);
  const query = useUsage<TeamUsage>({
    queryKey: ["usage", "team", slug],
    url: `/api/teams/${encodeURIComponent(slug)}/usage`,
    range,
    initialRange,
    initialData: initial,
    refetchInterval: 30_000,
  });
  const data = query.data;

  return (
    <>
      <PageHeader
        title="Usage"
        description={`Spend and traffic across every key in ${initial.team.name}.`}
        actions={
          <>
            <RangeTabs value={range} onChange={setRange} />
            <a
              href={`/api/teams/${encodeURIComponent(slug)}/usage/export?range=${range}`}
              download
              className={buttonVariants({ variant: "outline" })}
            >
              <Download aria-hidden /> Export CSV
            </a>
          </>
        }
      />
      {query.isError && <UsageError error={query.error} stale={!!data} />}
      {!data ? (
        query.isError ? null : <UsageSkeleton />
      ) : data.keys.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title="No API keys yet"
          description="Usage shows up here once a key of this team is verified or reports requests."
          action={
            <Link href={`/${slug}/keys`} className={buttonVariants({ variant: "default" })}>
              Go to API keys
            </Link>
          }
        />
      ) : (
        <TeamUsageBody data={data} />
      )}
    </>
  );
}

function TeamUsageBody({ data }: { data: TeamUsage }) {
  const [chosen, setChosen] = useState<TrafficMetric | null>(null);
  const metric = chosen ?? (data.totals.requests > 0 ? "requests" : "verifications");
  const metricLabel = metric === "requests" ? "Requests" : "Verifications";
  const caption = `${RANGE_LABELS[data.range]} · ${bucketWord(data.bucketMs)} buckets, UTC`;
  const top = topBy(data.keys, (k) => k[metric]).map((k) => ({ id: k.id, name: k.name, value: k[metric] }));
  const anyTraffic = hasTraffic(data.byEnvironment.production) || hasTraffic(data.byEnvironment.development);

  return (
    <div className="grid gap-6">
      <TeamSpendSection data={data} />
      <section aria-labelledby="keys-breakdown" className="grid gap-3">
        <h2 id="keys-breakdown" className="text-base font-semibold">
          Keys
        </h2>
        <KeyBreakdownTable teamSlug={data.team.slug} keys={data.keys} now={data.generatedAt} />
      </section>
      <section aria-labelledby="traffic-heading" className="grid gap-4">
        <h2 id="traffic-heading" className="text-base font-semibold">
          Traffic
        </h2>
        <TeamStatCards data={data} />
        {!anyTraffic && (
          <p className="rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground">
            No traffic in the {RANGE_LABELS[data.range].toLowerCase()}.
          </p>
        )}
        <div className="grid gap-4 xl:grid-cols-3">
          <ChartCard
            className="xl:col-span-2"
            title={`${metricLabel} over time by environment`}
            description={caption}
            actions={<MetricToggle value={metric} onChange={setChosen} />}
          >
            <TimeSeriesChart
              kind="area"
              data={envSeries(data.byEnvironment, metric)}
              series={ENVIRONMENT_SERIES}
              bucketMs={data.bucketMs}
              label={`${metricLabel} by environment, ${caption}`}
            />
          </ChartCard>
          <ChartCard title="Top keys" description={`By ${metricLabel.toLowerCase()}, ${RANGE_LABELS[data.range].toLowerCase()}`}>
            {top.length > 0 ? (
              <TopKeysChart data={top} metricLabel={metricLabel} />
            ) : (
              <p className="py-8 text-center text-sm text-muted-foreground">No {metricLabel.toLowerCase()} in this range.</p>
            )}
          </ChartCard>
        </div>
      </section>
    </div>
  );
}
