/**
 * The messages usage report (Anthropic's `usage_report/messages` shape) from the usage
 * rollups: tokens and requests per time bucket, optionally per API key and model.
 * Permission: usage.read (every role, and read-only admin keys).
 */
import type { Actor } from "../../actor";
import { db } from "../../db";
import { requireMembership } from "../../membership";
import { teamRollups } from "../../usage/query-rows";
import { filterRows, groupRows, type GroupDimension } from "./group-rows";
import { bucketBounds, reportWindow, type BucketWidth } from "./report-window";

export type UsageReportQuery = {
  startingAt: number;
  endingAt?: number;
  width: BucketWidth;
  groupBy?: readonly GroupDimension[];
  apiKeyIds?: readonly string[];
  models?: readonly string[];
  limit?: number;
  page?: string;
};

export type UsageResult = {
  uncached_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  cache_read_input_tokens: number;
  output_tokens: number;
  requests: number;
  api_key_id: string | null;
  model: string | null;
};

export type UsageReport = {
  data: { starting_at: string; ending_at: string; results: UsageResult[] }[];
  has_more: boolean;
  next_page: string | null;
};

type Totals = { input: number; cacheWrite: number; cacheRead: number; output: number; requests: number };

export async function usageReport(actor: Actor, teamId: string, query: UsageReportQuery, now = Date.now()): Promise<UsageReport> {
  await requireMembership(db, actor, teamId, "usage.read");
  const window = reportWindow({ ...query, now });
  if (window.starts.length === 0) return { data: [], has_more: false, next_page: null };
  const from = window.starts[0];
  const to = window.starts.at(-1)! + window.bucketMs;
  const rows = filterRows(await teamRollups(db, teamId, { granularity: window.granularity, from, to }), query);
  const groups = groupRows<Totals>(
    rows,
    window.starts,
    query.groupBy ?? [],
    () => ({ input: 0, cacheWrite: 0, cacheRead: 0, output: 0, requests: 0 }),
    (t, r) => {
      t.input += r.inputTokens;
      t.cacheWrite += r.cacheWriteTokens;
      t.cacheRead += r.cacheReadTokens;
      t.output += r.outputTokens;
      t.requests += r.requests;
    },
    (t) => t.requests > 0 || t.input + t.cacheWrite + t.cacheRead + t.output > 0,
  );
  return {
    data: window.starts.map((start) => ({
      ...bucketBounds(start, window.bucketMs),
      results: (groups.get(start) ?? []).map(({ apiKeyId, model, totals }) => ({
        uncached_input_tokens: totals.input,
        // Usage events count cache writes without their lifetime: all are reported as 5-minute writes.
        cache_creation: { ephemeral_5m_input_tokens: totals.cacheWrite, ephemeral_1h_input_tokens: 0 },
        cache_read_input_tokens: totals.cacheRead,
        output_tokens: totals.output,
        requests: totals.requests,
        api_key_id: apiKeyId,
        model,
      })),
    })),
    has_more: window.nextPage !== null,
    next_page: window.nextPage,
  };
}
