"use client";

import { RANGE_LABELS, type UsageRange } from "@/lib/usage/buckets";
import { bucketWord, formatCompact, formatLatency, formatNumber, formatPercent } from "@/lib/usage/chart-format";
import type { KeyUsage } from "@/lib/usage/query";
import { hasTraffic } from "@/lib/usage/series";
import { ChartCard } from "./chart-card";
import { KeyUsageEmpty } from "./key-usage-empty";
import { KeySpendSection } from "./key-spend-section";
import { KeyUsageHeader } from "./key-usage-header";
import { RangeTabs } from "./range-tabs";
import { OUTCOME_SERIES, STATUS_SERIES, TOKEN_SERIES } from "./series-config";
import { StatCard } from "./stat-card";
import { TimeSeriesChart } from "./time-series-chart";
import { useRangeParam, useUsage } from "./use-usage";
import { UsageError } from "./usage-error";
import { UsageSkeleton } from "./usage-skeleton";

export function KeyUsageView({
  teamSlug,
  initial,
  initialRange,
  apiBase,
  gateway,
}: {
  teamSlug: string;
  initial: KeyUsage;
  initialRange: UsageRange;
  /** Base URL of the verify API, for the curl example (shown to roles that manage keys). */
  apiBase: string;
  /** "Call the gateway" (components/keys/gateway-snippet.tsx), under the header. */
  gateway?: React.ReactNode;
}) {
  const [range, setRange] = useRangeParam(initialRange);
  const query = useUsage<KeyUsage>({
    queryKey: ["usage", "key", teamSlug, initial.key.id],
    url: `/api/teams/${encodeURIComponent(teamSlug)}/keys/${encodeURIComponent(initial.key.id)}/usage`,
    range,
    initialRange,
    initialData: initial,
    refetchInterval: 10_000,
  });
  const data = query.data;
  const key = data?.key ?? initial.key;

  return (
    <>
      <KeyUsageHeader
        teamSlug={teamSlug}
        usageKey={key}
        now={data?.generatedAt ?? initial.generatedAt}
        actions={<RangeTabs value={range} onChange={setRange} />}
      />
      {gateway && <div className="pb-6">{gateway}</div>}
      {query.isError && <UsageError error={query.error} stale={!!data} />}
      {!data ? (
        query.isError ? null : <UsageSkeleton cards={8} />
      ) : !key.lastUsedAt && !hasTraffic(data.series) ? (
        <KeyUsageEmpty apiBase={apiBase} prefix={key.prefix} last4={key.last4} showExample={data.viewer.canManageKeys} />
      ) : (
        <KeyUsageBody data={data} />
      )}
    </>
  );
}

function KeyUsageBody({ data }: { data: KeyUsage }) {
  const { totals, series, bucketMs } = data;
  const caption = `${RANGE_LABELS[data.range]} · ${bucketWord(bucketMs)} buckets, UTC`;
  return (
    <div className="grid gap-6">
      <KeySpendSection data={data} />
      <section aria-labelledby="key-traffic-heading" className="grid gap-4">
        <h2 id="key-traffic-heading" className="text-base font-semibold">
          Traffic
        </h2>
        <section aria-label="Totals" className="grid grid-cols-2 gap-4 lg:grid-cols-5">
          <StatCard label="Requests" value={formatNumber(totals.requests)} hint="Reported by your backend" />
          <StatCard
            label="Error rate"
            value={formatPercent(totals.errorRate)}
            hint={`${formatNumber(totals.s4xx)} 4xx · ${formatNumber(totals.s5xx)} 5xx`}
          />
          <StatCard label="Latency p50" value={formatLatency(totals.latency?.p50)} hint={totals.latency ? `avg ${formatLatency(totals.latency.avg)}` : "No latencies reported"} />
          <StatCard label="Latency p95" value={formatLatency(totals.latency?.p95)} hint={totals.latency ? `${formatNumber(totals.latency.count)} timed requests` : "No latencies reported"} />
          <StatCard label="Verifications" value={formatNumber(totals.verifications)} hint={`${formatNumber(totals.valid)} valid`} />
          <StatCard
            label="Denied"
            value={formatPercent(totals.denialRate)}
            hint={`${formatNumber(totals.denied)} refused, any reason`}
          />
          <StatCard label="Input tokens" value={<span title={formatNumber(totals.inputTokens)}>{formatCompact(totals.inputTokens)}</span>} />
          <StatCard label="Output tokens" value={<span title={formatNumber(totals.outputTokens)}>{formatCompact(totals.outputTokens)}</span>} />
          <StatCard label="Cache write tokens" value={<span title={formatNumber(totals.cacheWriteTokens)}>{formatCompact(totals.cacheWriteTokens)}</span>} />
          <StatCard label="Cache read tokens" value={<span title={formatNumber(totals.cacheReadTokens)}>{formatCompact(totals.cacheReadTokens)}</span>} />
        </section>
        {!hasTraffic(series) && (
          <p className="rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground">
            No traffic in the {RANGE_LABELS[data.range].toLowerCase()}. Pick a longer range to see earlier activity.
          </p>
        )}
        <div className="grid gap-4 xl:grid-cols-2">
          <ChartCard title="Verifications by outcome" description={caption}>
            <TimeSeriesChart kind="bar" data={series} series={OUTCOME_SERIES} bucketMs={bucketMs} label={`Verifications by outcome, ${caption}`} />
          </ChartCard>
          <ChartCard title="Requests by status class" description={caption}>
            <TimeSeriesChart kind="bar" data={series} series={STATUS_SERIES} bucketMs={bucketMs} label={`Requests by status class, ${caption}`} />
          </ChartCard>
        </div>
        <ChartCard title="Tokens over time" description={caption}>
          <TimeSeriesChart kind="area" data={series} series={TOKEN_SERIES} bucketMs={bucketMs} label={`Input, output and cache tokens, ${caption}`} format={formatNumber} />
        </ChartCard>
      </section>
    </div>
  );
}
