import { z } from "zod";
import { AppError } from "../errors";
import { ENVIRONMENTS, type Environment } from "./format";

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  development: "Development",
  production: "Production",
};

export const EXPIRY_CHOICES = ["never", "30d", "90d", "180d", "custom"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const DEFAULT_EXPIRY: ExpiryChoice = "90d";
export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  never: "Never",
  "30d": "30 days",
  "90d": "90 days",
  "180d": "180 days",
  custom: "Custom date",
};

/** How long the old secret keeps working after a rotation. */
export const ROTATION_OVERLAPS = ["none", "1h", "24h", "7d"] as const;
export type RotationOverlap = (typeof ROTATION_OVERLAPS)[number];
const HOUR = 60 * 60 * 1000;
export const OVERLAP_MS: Record<RotationOverlap, number> = { none: 0, "1h": HOUR, "24h": 24 * HOUR, "7d": 7 * 24 * HOUR };
export const OVERLAP_LABELS: Record<RotationOverlap, string> = {
  none: "Revoke the old secret now",
  "1h": "Keep the old secret working for 1 hour",
  "24h": "Keep the old secret working for 24 hours",
  "7d": "Keep the old secret working for 7 days",
};

export const KEY_STATUSES = ["active", "expiring", "expired", "revoked", "rotating"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const keyNameSchema = z
  .string({ error: "Give the key a name." })
  .trim()
  .min(1, "Give the key a name.")
  .max(64, "Keep the name to 64 characters or fewer.");

const teamIdSchema = z.string().min(1, "Missing team.");
const keyIdSchema = z.string().min(1, "Missing key.");

export const createApiKeySchema = z
  .object({
    teamId: teamIdSchema,
    name: keyNameSchema,
    environment: z.enum(ENVIRONMENTS, { error: "Choose an environment." }),
    expiry: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }),
    /** ISO instant (the form sends the end of the chosen day in the user's time zone) or YYYY-MM-DD. */
    customDate: z.string().trim().optional(),
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

/** Parses service input, turning zod issues into an INVALID AppError with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  throw new AppError("INVALID", Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors);
}
