/**
 * Input of the operator area (forms, actions, services). Money is typed as
 * dollar text and leaves here as integer micro-dollars; limits as whole
 * numbers; an empty field means "none" (unlimited, or follow the default plan).
 * Safe to import from client components.
 */
import { z } from "zod";
import { MAX_MONEY_MICROS, microsToUsdText, parseUsd } from "../money";
import { idSchema, singleLineText } from "../validation";

export const MAX_LIMIT = 10_000_000;
/** ModelPrice columns are 32-bit integers of micro-dollars: $2,000 per million tokens is far above any list price. */
export const MAX_PRICE_MICROS = 2_000_000_000;
export const TEAMS_PAGE_SIZE = 25;
export const OPERATOR_AUDIT_PAGE_SIZE = 25;

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

function moneyOf(value: string, ctx: z.RefinementCtx, what: string, maxMicros: number, maxText: string): number {
  if (value === "") {
    ctx.addIssue({ code: "custom", message: `Enter ${what} in dollars (0 if free).` });
    return z.NEVER;
  }
  const micros = parseUsd(value);
  if (micros === null) {
    ctx.addIssue({ code: "custom", message: `Enter ${what} in dollars, like 3 or 0.30 (at most 6 decimals).` });
    return z.NEVER;
  }
  if (micros > maxMicros) {
    ctx.addIssue({ code: "custom", message: `At most ${maxText}.` });
    return z.NEVER;
  }
  return micros;
}

/**
 * Money fields come out as canonical dollar text ("3.75"), not micro-dollars,
 * so a schema can parse its own output again (actions validate, then the
 * service validates once more); services convert with usdMicros().
 */
function canonicalUsd(value: string, ctx: z.RefinementCtx, what: string, maxMicros: number, maxText: string): string {
  const micros = moneyOf(value, ctx, what, maxMicros, maxText);
  return typeof micros === "number" ? microsToUsdText(micros) : z.NEVER;
}

/** Canonical dollar text (from the schemas here) → micro-dollars. */
export function usdMicros(text: string): number {
  const micros = parseUsd(text);
  if (micros === null) throw new Error(`not a dollar amount: ${text}`);
  return micros;
}

/** "" → null (none), else micro-dollars. */
export function optionalUsdMicros(text: string): number | null {
  return text === "" ? null : usdMicros(text);
}

/** A price in USD per million tokens, ≥ 0, required. */
export const priceSchema = text.transform((v, ctx) => canonicalUsd(v, ctx, "a price", MAX_PRICE_MICROS, "$2,000 per million tokens"));

const optionalText = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? "" : String(v).trim()));

/** A monthly spend cap in USD; empty = none. */
export const optionalCapSchema = optionalText.transform((v, ctx) => (v === "" ? "" : canonicalUsd(v, ctx, "an amount", MAX_MONEY_MICROS, "$10,000,000")));

/** RPM or TPM; empty = none. Thousands separators are fine ("10,000"). */
export const optionalLimitSchema = optionalText.transform((v, ctx) => {
    const raw = v.replace(/[,\s_]/g, "");
    if (raw === "") return null;
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number from 1 to 10,000,000, or leave it empty for no limit." });
      return z.NEVER;
    }
    return n;
  });

const booleanSchema = z.union([z.boolean(), z.enum(["true", "false", "on", "off"])]).transform((v) => v === true || v === "true" || v === "on");

export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const modelIdSchema = z
  .string({ error: "Enter a model id." })
  .trim()
  .min(1, "Enter a model id.")
  .max(100, "Keep the model id to 100 characters or fewer.")
  .regex(MODEL_ID_PATTERN, "Use lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit (e.g. claude-sonnet-5).");

export const displayNameSchema = singleLineText({ min: 1, minMessage: "Enter a display name.", max: 100, maxMessage: "Keep the name to 100 characters or fewer." });

export const priceFields = {
  inputPerMTok: priceSchema,
  outputPerMTok: priceSchema,
  cacheWritePerMTok: priceSchema,
  cacheReadPerMTok: priceSchema,
};
export const PRICE_FIELDS = ["inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok"] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

/** The four validated price fields → a price in micro-dollars per million tokens. */
export function priceFrom(values: Record<PriceField, string>): Record<PriceField, number> {
  return {
    inputPerMTok: usdMicros(values.inputPerMTok),
    outputPerMTok: usdMicros(values.outputPerMTok),
    cacheWritePerMTok: usdMicros(values.cacheWritePerMTok),
    cacheReadPerMTok: usdMicros(values.cacheReadPerMTok),
  };
}
export const PRICE_LABELS: Record<PriceField, string> = {
  inputPerMTok: "Input",
  outputPerMTok: "Output",
  cacheWritePerMTok: "Cache write",
  cacheReadPerMTok: "Cache read",
};

const sortOrderSchema = z.coerce
  .number({ error: "Enter a whole number from 0 to 10,000." })
  .int("Enter a whole number from 0 to 10,000.")
  .min(0, "Enter a whole number from 0 to 10,000.")
  .max(10_000, "Enter a whole number from 0 to 10,000.");

export const addModelSchema = z.object({
  id: modelIdSchema,
  displayName: displayNameSchema,
  enabled: booleanSchema.default(true),
  sortOrder: sortOrderSchema.optional(),
  ...priceFields,
});
export type AddModelInput = z.input<typeof addModelSchema>;

export const updateModelSchema = z.object({
  modelId: modelIdSchema,
  displayName: displayNameSchema,
  enabled: booleanSchema,
  sortOrder: sortOrderSchema,
});
export type UpdateModelInput = z.input<typeof updateModelSchema>;

export const changeModelPricesSchema = z.object({ modelId: modelIdSchema, ...priceFields });
export type ChangeModelPricesInput = z.input<typeof changeModelPricesSchema>;

export const updateSettingsSchema = z.object({
  defaultRpmLimit: optionalLimitSchema,
  defaultTpmLimit: optionalLimitSchema,
  defaultSpendCap: optionalCapSchema,
  ...priceFields,
});
export type UpdateSettingsInput = z.input<typeof updateSettingsSchema>;

const teamIdSchema = idSchema("team");

export const setTeamLimitsSchema = z.object({
  teamId: teamIdSchema,
  rpmLimit: optionalLimitSchema,
  tpmLimit: optionalLimitSchema,
  spendCap: optionalCapSchema,
});
export type SetTeamLimitsInput = z.input<typeof setTeamLimitsSchema>;

export const suspendTeamSchema = z.object({
  teamId: teamIdSchema,
  reason: singleLineText({ min: 1, minMessage: "Say why the team is suspended.", max: 200, maxMessage: "Keep the reason to 200 characters or fewer." }),
});
export type SuspendTeamInput = z.input<typeof suspendTeamSchema>;

export const resumeTeamSchema = z.object({ teamId: teamIdSchema });
export type ResumeTeamInput = z.input<typeof resumeTeamSchema>;

export const serviceTokenNameSchema = singleLineText({ min: 1, minMessage: "Give the token a name.", max: 100, maxMessage: "Keep the name to 100 characters or fewer." });
export const createServiceTokenSchema = z.object({ name: serviceTokenNameSchema });
export type CreateServiceTokenInput = z.input<typeof createServiceTokenSchema>;

export const revokeServiceTokenSchema = z.object({ tokenId: idSchema("service token") });
export type RevokeServiceTokenInput = z.input<typeof revokeServiceTokenSchema>;

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

/** The teams list's search params; anything odd becomes the default rather than an error. */
export const teamListQuerySchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  page: pageSchema,
});
export type TeamListQuery = z.input<typeof teamListQuerySchema>;

export const operatorAuditQuerySchema = z.object({ page: pageSchema });
