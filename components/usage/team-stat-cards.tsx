import { PREVIOUS_LABELS } from "@/lib/usage/buckets";
import {
  formatCompact,
  formatNumber,
  formatPercent,
  formatPoints,
  formatTrend,
  trendTone,
} from "@/lib/usage/chart-format";
import type { TeamUsage } from "@/lib/usage/query";
import { StatCard, type StatTrend } from "./stat-card";

function direction(change: number | null): StatTrend["direction"] {
  if (change === null || change > 0) return "up";
  return change < 0 ? "down" : "flat";
}

/** Totals for the range, each with its change against the previous period of the same length. */
export function TeamStatCards({ data }: { data: TeamUsage }) {
  const { totals, previous, trends } = data;
  const comparedTo = PREVIOUS_LABELS[data.range];
  const countTrend = (change: number | null): StatTrend =>
    change === null
      ? { text: "New", detail: `none in the ${comparedTo}`, direction: "up", tone: "neutral" }
      : { text: formatTrend(change), detail: `vs ${comparedTo}`, direction: direction(change), tone: "neutral" };
  const tokens = totals.inputTokens + totals.outputTokens;
  return (
    <section aria-label="Totals" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard label="Requests" value={formatNumber(totals.requests)} trend={countTrend(trends.requests)} />
      <StatCard
        label="Verifications"
        value={formatNumber(totals.verifications)}
        trend={countTrend(trends.verifications)}
        hint={`${formatPercent(totals.denialRate)} denied`}
      />
      <StatCard
        label="Error rate"
        value={formatPercent(totals.errorRate)}
        trend={
          trends.errorRatePoints === null
            ? undefined
            : {
                text: formatPoints(trends.errorRatePoints),
                direction: direction(Math.abs(trends.errorRatePoints) < 0.0005 ? 0 : trends.errorRatePoints),
                tone: trendTone(trends.errorRatePoints, "up-bad"),
                detail: `vs ${comparedTo}`,
              }
        }
        hint={
          trends.errorRatePoints === null
            ? `${formatNumber(totals.s4xx)} 4xx · ${formatNumber(totals.s5xx)} 5xx`
            : `${formatPercent(previous.errorRate)} before · ${formatNumber(totals.s5xx)} 5xx`
        }
      />
      <StatCard
        label="Tokens"
        value={<span title={formatNumber(tokens)}>{formatCompact(tokens)}</span>}
        trend={countTrend(trends.tokens)}
        hint={`${formatCompact(totals.inputTokens)} in · ${formatCompact(totals.outputTokens)} out`}
      />
    </section>
  );
}
