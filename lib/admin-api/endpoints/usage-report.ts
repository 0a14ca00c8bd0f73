import { z } from "zod";
import { MAX_MODEL_LENGTH } from "../../usage/events";
import { idSchema } from "../../validation";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { BUCKET_LIMITS, BUCKET_WIDTHS } from "../reports/report-window";
import { usageReport } from "../reports/usage-report";
import { bucketReportSchema, reportTimes } from "./report-schemas";

const tokens = (description: string) => z.number().int().min(0).meta({ description });

const usageResultSchema = z
  .object({
    uncached_input_tokens: tokens("Input tokens not read from or written to the prompt cache."),
    cache_creation: z.object({
      ephemeral_5m_input_tokens: tokens("Input tokens written to the cache (Gatehouse does not record a write's lifetime: all cache writes are here)."),
      ephemeral_1h_input_tokens: tokens("Always 0 (see ephemeral_5m_input_tokens)."),
    }),
    cache_read_input_tokens: tokens("Input tokens read from the cache."),
    output_tokens: tokens("Output tokens."),
    requests: tokens("Requests (through the gateway, or reported by the provider's backend)."),
    api_key_id: z.string().nullable().meta({ description: "The key, when grouped by api_key_id; else null." }),
    model: z.string().nullable().meta({ description: "The model, when grouped by model (null for requests that named none); else null." }),
  })
  .meta({ id: "MessagesUsageResult" });

const limitsText = BUCKET_WIDTHS.map((w) => `${w}: default ${BUCKET_LIMITS[w].default}, at most ${BUCKET_LIMITS[w].max}`).join("; ");

const usageQuery = z
  .object({
    ...reportTimes,
    bucket_width: z.enum(BUCKET_WIDTHS).default("1d").meta({ description: "Bucket size: a UTC minute, hour or day." }),
    group_by: z.array(z.enum(["api_key_id", "model"])).max(2).optional().meta({ description: "Split each bucket by API key and/or model." }),
    api_key_ids: z.array(idSchema("API key")).max(100).optional().meta({ description: "Only these keys." }),
    models: z.array(z.string().min(1).max(MAX_MODEL_LENGTH)).max(100).optional().meta({ description: "Only these models." }),
  })
  .superRefine((q, ctx) => {
    const max = BUCKET_LIMITS[q.bucket_width].max;
    if (q.limit !== undefined && q.limit > max) ctx.addIssue({ code: "custom", path: ["limit"], message: `At most ${max} buckets of ${q.bucket_width}.` });
    if (q.ending_at !== undefined && Date.parse(q.ending_at) <= Date.parse(q.starting_at)) ctx.addIssue({ code: "custom", path: ["ending_at"], message: "Must be after starting_at." });
  });

export const usageReportEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/usage_report/messages",
    operationId: "getMessagesUsageReport",
    summary: "Messages usage report",
    description:
      "Tokens and requests per time bucket, from the usage rollups (minute rollups are kept for USAGE_MINUTE_ROLLUP_RETENTION_DAYS, 14 days by default). " +
      `Every bucket of the range is present, with empty results when nothing was used. Buckets per page (limit): ${limitsText}.`,
    tag: "Usage and cost",
    readOnly: true,
    query: usageQuery,
    response: bucketReportSchema(usageResultSchema, "MessagesUsageReport", "Usage per time bucket."),
    async handler({ actor, teamId, query }) {
      return usageReport(actor, teamId, {
        startingAt: Date.parse(query.starting_at),
        endingAt: query.ending_at === undefined ? undefined : Date.parse(query.ending_at),
        width: query.bucket_width,
        groupBy: query.group_by,
        apiKeyIds: query.api_key_ids,
        models: query.models,
        limit: query.limit,
        page: query.page,
      });
    },
  }),
];
