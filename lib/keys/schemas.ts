import { z } from "zod";
import { keyPolicyInputSchema } from "../policy/schemas";
import { idSchema, singleLineText } from "../validation";
import { ENVIRONMENTS, EXPIRY_CHOICES, KEY_STATUSES, ROTATION_OVERLAPS } from "./constants";

export * from "./constants";

export const keyNameSchema = singleLineText({
  min: 1,
  minMessage: "Give the key a name.",
  max: 64,
  maxMessage: "Keep the name to 64 characters or fewer.",
});

const teamIdSchema = idSchema("team");
const keyIdSchema = idSchema("key");

export const createApiKeySchema = z
  .object({
    teamId: teamIdSchema,
    name: keyNameSchema,
    environment: z.enum(ENVIRONMENTS, { error: "Choose an environment." }),
    expiry: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }),
    /** ISO instant (the form sends the end of the chosen day in the user's time zone) or YYYY-MM-DD. */
    customDate: z.string().trim().max(40, "Enter a date like 2027-01-31.").optional(),
    /** Limits from the start (lib/policy/); left out, the key may use every model without limits. */
    policy: keyPolicyInputSchema.optional(),
  })
  .refine((v) => v.expiry !== "custom" || !!v.customDate, { message: "Pick a date.", path: ["customDate"] });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.object({ teamId: teamIdSchema, keyId: keyIdSchema });
export type RevokeApiKeyInput = z.input<typeof revokeApiKeySchema>;

export const rotateApiKeySchema = z.object({
  teamId: teamIdSchema,
  keyId: keyIdSchema,
  overlap: z.enum(ROTATION_OVERLAPS, { error: "Choose what happens to the old secret." }),
});
export type RotateApiKeyInput = z.input<typeof rotateApiKeySchema>;

/** Filters from the keys page's search params; anything unknown is ignored rather than an error. */
export const keyFiltersSchema = z.object({
  environment: z.enum(ENVIRONMENTS).optional().catch(undefined),
  status: z.enum(KEY_STATUSES).optional().catch(undefined),
});
export type KeyFilters = z.infer<typeof keyFiltersSchema>;

// Services in lib/keys and lib/usage import it from here; it is defined once, in lib/validation.ts.
export { parseInput } from "../validation";
