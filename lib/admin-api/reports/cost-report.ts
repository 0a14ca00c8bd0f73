/**
 * The daily cost report (Anthropic's `cost_report` shape) from the day rollups' cost,
 * which each request was priced at from the catalogue when it was counted (a later
 * price change never rewrites it). Permission: usage.read.
 */
import type { Actor } from "../../actor";
import { db } from "../../db";
import { requireMembership } from "../../membership";
import { MICROS_PER_USD } from "../../money";
import { teamRollups } from "../../usage/query-rows";
import { catalogueNames } from "../../usage/spend-query";
import { groupRows, type GroupDimension } from "./group-rows";
import { bucketBounds, reportWindow } from "./report-window";

export const COST_GROUPS = ["api_key_id", "model", "description"] as const;
export type CostGroup = (typeof COST_GROUPS)[number];

export type CostReportQuery = { startingAt: number; endingAt?: number; groupBy?: readonly CostGroup[]; limit?: number; page?: string };

export type CostResult = {
  currency: "USD";
  amount: string;
  cost_type: "tokens";
  model: string | null;
  api_key_id: string | null;
  description: string | null;
};

export type CostReport = {
  data: { starting_at: string; ending_at: string; results: CostResult[] }[];
  has_more: boolean;
  next_page: string | null;
};

/** Micro-dollars as dollars with all six decimals: 1234567 → "1.234567". Exact, never through a float. */
export function usdAmount(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_USD)}.${String(abs % MICROS_PER_USD).padStart(6, "0")}`;
}

/** What a line of the report is about: the model's name in the catalogue. */
export function costDescription(model: string | null, names: ReadonlyMap<string, string>): string {
  if (!model) return "Usage without a model";
  return `${names.get(model) ?? model} usage`;
}

type Totals = { micros: number; requests: number };

export async function costReport(actor: Actor, teamId: string, query: CostReportQuery, now = Date.now()): Promise<CostReport> {
  await requireMembership(db, actor, teamId, "usage.read");
  const window = reportWindow({ ...query, width: "1d", now });
  if (window.starts.length === 0) return { data: [], has_more: false, next_page: null };
  const from = window.starts[0];
  const to = window.starts.at(-1)! + window.bucketMs;
  const wanted = new Set(query.groupBy ?? []);
  // A description names a model, so it is grouped by model underneath.
  const by: GroupDimension[] = [];
  if (wanted.has("api_key_id")) by.push("api_key_id");
  if (wanted.has("model") || wanted.has("description")) by.push("model");
  const [rows, names] = await Promise.all([
    teamRollups(db, teamId, { granularity: window.granularity, from, to }),
    wanted.has("description") ? catalogueNames(db) : Promise.resolve(new Map<string, string>()),
  ]);
  const groups = groupRows<Totals>(
    rows,
    window.starts,
    by,
    () => ({ micros: 0, requests: 0 }),
    (t, r) => {
      t.micros += r.costMicros;
      t.requests += r.requests;
    },
    (t) => t.micros !== 0 || t.requests > 0,
  );
  return {
    data: window.starts.map((start) => ({
      ...bucketBounds(start, window.bucketMs),
      results: (groups.get(start) ?? []).map(({ apiKeyId, model, totals }) => ({
        currency: "USD" as const,
        amount: usdAmount(totals.micros),
        cost_type: "tokens" as const,
        model: wanted.has("model") ? model : null,
        api_key_id: apiKeyId,
        description: wanted.has("description") ? costDescription(model, names) : null,
      })),
    })),
    has_more: window.nextPage !== null,
    next_page: window.nextPage,
  };
}
