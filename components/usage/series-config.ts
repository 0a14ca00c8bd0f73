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

export const OUTCOME_SERIES: ChartSeries[] = [
  { key: "valid", label: "Valid", color: COLORS.ok },
  { key: "denied", label: "Denied (expired, revoked, rate-limited)", color: COLORS.denied },
];

export const STATUS_SERIES: ChartSeries[] = [
  { key: "s2xx", label: "2xx", color: COLORS.ok },
  { key: "s4xx", label: "4xx", color: COLORS.clientError },
  { key: "s5xx", label: "5xx", color: COLORS.serverError },
  { key: "denied", label: "Denied at verification", color: COLORS.denied },
];

export const TOKEN_SERIES: ChartSeries[] = [
  { key: "inputTokens", label: "Input tokens", color: COLORS.input },
  { key: "outputTokens", label: "Output tokens", color: COLORS.output },
];

export const ENVIRONMENT_SERIES: ChartSeries[] = [
  { key: "production", label: "Production", color: COLORS.production },
  { key: "development", label: "Development", color: COLORS.development },
];
