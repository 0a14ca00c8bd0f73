import { z } from "zod";
import { idSchema } from "../validation";
import { DEFAULT_RANGE, usageRangeSchema } from "./buckets";

export const keyUsageInputSchema = z.object({
  teamId: idSchema("team"),
  keyId: idSchema("key"),
  range: usageRangeSchema.default(DEFAULT_RANGE),
});
export type KeyUsageInput = z.input<typeof keyUsageInputSchema>;

export const teamUsageInputSchema = z.object({
  teamId: idSchema("team"),
  range: usageRangeSchema.default(DEFAULT_RANGE),
});
export type TeamUsageInput = z.input<typeof teamUsageInputSchema>;

/** The `?range=` of the console usage routes; a missing range means the default. */
export const rangeQuerySchema = z.object({ range: usageRangeSchema.default(DEFAULT_RANGE) });
