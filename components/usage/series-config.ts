import { OUTCOME_COLUMNS, VERIFY_CODE_LABELS, type OutcomeColumn, type VerifyOutcome } from "@/lib/verify/codes";
import type { ChartSeries } from "./chart-tooltip";

/** One colour per meaning, the same on every chart (CSS variables, so light and dark both read well). */
export const COLORS = {
  ok: "var(--chart-5)",
  clientError: "var(--chart-3)",
  serverError: "var(--destructive)",
  denied: "var(--chart-4)",
  production: "var(--chart-1)",
  development: "var(--chart-2)",
  input: "var(--chart-1)",
  output: "var(--chart-2)",
} as const;

/**
 * Outcome colours beyond the five chart colours, as CSS variables set on every
 * chart (TimeSeriesChart) with a lighter value in the dark theme.
 */
export const OUTCOME_COLOR_VARS = [
  "[--outcome-expired:oklch(0.55_0.02_260)] dark:[--outcome-expired:oklch(0.74_0.02_260)]",
  "[--outcome-suspended:oklch(0.45_0.09_40)] dark:[--outcome-suspended:oklch(0.72_0.1_45)]",
  "[--outcome-ip:oklch(0.52_0.15_245)] dark:[--outcome-ip:oklch(0.72_0.13_245)]",
].join(" ");

const OUTCOME_COLORS: Record<OutcomeColumn, string> = {
  valid: COLORS.ok,
  expired: "var(--outcome-expired)",
  revoked: "var(--chart-4)",
  teamSuspended: "var(--outcome-suspended)",
  ipNotAllowed: "var(--outcome-ip)",
  modelNotAllowed: "var(--chart-2)",
  budgetExceeded: "var(--destructive)",
  rateLimited: "var(--chart-3)",
};

/** One series per verify outcome, labelled as the API names it (lib/verify/codes.ts). */
export const OUTCOME_SERIES: ChartSeries[] = (Object.entries(OUTCOME_COLUMNS) as [VerifyOutcome, OutcomeColumn][]).map(
  ([code, column]) => ({ key: column, label: VERIFY_CODE_LABELS[code], color: OUTCOME_COLORS[column] }),
);

export const STATUS_SERIES: ChartSeries[] = [
  { key: "s2xx", label: "2xx", color: COLORS.ok },
  { key: "s4xx", label: "4xx", color: COLORS.clientError },
  { key: "s5xx", label: "5xx", color: COLORS.serverError },
  { key: "denied", label: "Denied at verification", color: COLORS.denied },
];

export const TOKEN_SERIES: ChartSeries[] = [
  { key: "inputTokens", label: "Input tokens", color: COLORS.input },
  { key: "outputTokens", label: "Output tokens", color: COLORS.output },
  { key: "cacheWriteTokens", label: "Cache write tokens", color: "var(--chart-3)" },
  { key: "cacheReadTokens", label: "Cache read tokens", color: "var(--chart-5)" },
];

export const COST_SERIES: ChartSeries[] = [{ key: "costMicros", label: "Spend", color: "var(--chart-1)" }];

export const ENVIRONMENT_SERIES: ChartSeries[] = [
  { key: "production", label: "Production", color: COLORS.production },
  { key: "development", label: "Development", color: COLORS.development },
];
