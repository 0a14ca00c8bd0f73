import { z } from "zod";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { COST_GROUPS, costReport } from "../reports/cost-report";
import { BUCKET_LIMITS } from "../reports/report-window";
import { bucketReportSchema, reportTimes } from "./report-schemas";

const { default: DEFAULT_DAYS, max: MAX_DAYS } = BUCKET_LIMITS["1d"];

const costResultSchema = z
  .object({
    currency: z.literal("USD"),
    amount: z.string().meta({ description: 'US dollars as a decimal string with six decimals, e.g. "12.345678".', example: "12.345678" }),
    cost_type: z.literal("tokens"),
    model: z.string().nullable().meta({ description: "The model, when grouped by model (null for requests that named none); else null." }),
    api_key_id: z.string().nullable().meta({ description: "The key, when grouped by api_key_id; else null." }),
    description: z.string().nullable().meta({ description: 'When grouped by description: what the line is for ("Claude Sonnet 5 usage"); else null.' }),
  })
  .meta({ id: "CostResult" });

const costQuery = z
  .object({
    ...reportTimes,
    bucket_width: z.literal("1d", { error: "Only 1d: the cost report is daily." }).default("1d").meta({ description: "Always a UTC day." }),
    group_by: z.array(z.enum(COST_GROUPS)).max(COST_GROUPS.length).optional().meta({ description: "Split each day by API key, model and/or description." }),
  })
  .superRefine((q, ctx) => {
    if (q.limit !== undefined && q.limit > MAX_DAYS) ctx.addIssue({ code: "custom", path: ["limit"], message: `At most ${MAX_DAYS} days.` });
    if (q.ending_at !== undefined && Date.parse(q.ending_at) <= Date.parse(q.starting_at)) ctx.addIssue({ code: "custom", path: ["ending_at"], message: "Must be after starting_at." });
  });

export const costReportEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/cost_report",
    operationId: "getCostReport",
    summary: "Cost report",
    description:
      "Spend per UTC day, from the cost each request was priced at from the provider's catalogue when it was counted. " +
      `Every day of the range is present, with empty results for days without spend. Days per page (limit): default ${DEFAULT_DAYS}, at most ${MAX_DAYS}.`,
    tag: "Usage and cost",
    readOnly: true,
    query: costQuery,
    response: bucketReportSchema(costResultSchema, "CostReport", "Spend per day."),
    async handler({ actor, teamId, query }) {
      return costReport(actor, teamId, {
        startingAt: Date.parse(query.starting_at),
        endingAt: query.ending_at === undefined ? undefined : Date.parse(query.ending_at),
        groupBy: query.group_by,
        limit: query.limit,
        page: query.page,
      });
    },
  }),
];
