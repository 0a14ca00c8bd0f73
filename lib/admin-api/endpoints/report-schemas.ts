/** What the usage and cost reports share: their time query fields and their page of buckets. */
import { z } from "zod";

/** The report's buckets: `{ data, has_more, next_page }` around one result schema. */
export function bucketReportSchema<T extends z.ZodType>(result: T, id: string, description: string) {
  return z
    .object({
      data: z.array(
        z.object({
          starting_at: z.iso.datetime().meta({ description: "The bucket's start (UTC), inclusive." }),
          ending_at: z.iso.datetime().meta({ description: "The bucket's end, exclusive." }),
          results: z.array(result).meta({ description: "Empty when nothing was used in the bucket." }),
        }),
      ),
      has_more: z.boolean(),
      next_page: z.string().nullable().meta({ description: "Pass as `page` with the same query for the next buckets; null on the last page." }),
    })
    .meta({ id, description });
}

// Usage is counted in epoch milliseconds: nothing happened before 1970.
const since1970 = (s: string) => Date.parse(s) >= 0;
const SINCE_1970 = "Must be 1970 or later.";

/** The query fields both reports share (times stay strings here: reportWindow reads them as epoch ms). */
export const reportTimes = {
  starting_at: z.iso
    .datetime({ offset: true, error: "Must be an RFC 3339 date-time, e.g. 2026-12-01T00:00:00Z." })
    .refine(since1970, SINCE_1970)
    .meta({ description: "Buckets from the one holding this instant (snapped down to its UTC minute, hour or day). RFC 3339." }),
  ending_at: z.iso
    .datetime({ offset: true, error: "Must be an RFC 3339 date-time, e.g. 2026-12-08T00:00:00Z." })
    .refine(since1970, SINCE_1970)
    .optional()
    .meta({ description: "Buckets starting before this instant (RFC 3339). Default: through the current bucket." }),
  limit: z.coerce.number().int().min(1).optional().meta({ description: "Buckets per page; its default and maximum depend on bucket_width." }),
  page: z.string().max(200).optional().meta({ description: "The next_page of the previous answer." }),
};
