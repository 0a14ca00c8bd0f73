/**
 * What a key's policy and a team's budget settings accept, from a form (text
 * fields, "" meaning none) or JSON (numbers, arrays). Shape only: whether the
 * models exist and whether limits fit the team's lives in the services,
 * which need the database. Safe on the client.
 */
import { z } from "zod";
import { emailSchema } from "../auth/schemas";
import { MAX_MONEY_MICROS, parseUsd } from "../money";
import { idSchema, singleLineText } from "../validation";
import { parseAllowlist } from "./ip-allowlist";

/** Above any plausible rate, and inside a 32-bit integer column on PostgreSQL. */
export const MAX_RATE_LIMIT = 1_000_000_000;
export const MAX_ALLOWED_MODELS = 100;
export const MAX_ALERT_THRESHOLDS = 5;
export const MAX_ALERT_EMAILS = 10;
export const DEFAULT_ALERT_THRESHOLDS = [50, 80, 100];
export const ALERT_ROLES = ["owner", "admin", "billing"] as const;
export type AlertRole = (typeof ALERT_ROLES)[number];

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** A whole number ≥ 1, or none ("" / null / absent). "1,000" reads as 1000. */
function optionalLimit() {
  return z.unknown().optional().transform((v, ctx): number | null => {
    if (blank(v)) return null;
    const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().replace(/[,_\s]/g, "") : "";
    if (!/^\d{1,10}$/.test(text) || Number(text) < 1) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of 1 or more, or leave it empty for no limit." });
      return z.NEVER;
    }
    const n = Number(text);
    if (n > MAX_RATE_LIMIT) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_RATE_LIMIT.toLocaleString("en-US")}.` });
      return z.NEVER;
    }
    return n;
  });
}

/** A monthly amount in USD ("12.50", "$1,000"), as micro-dollars above zero, or none. */
export function optionalBudget() {
  return z.unknown().optional().transform((v, ctx): number | null => {
    if (blank(v)) return null;
    const micros = typeof v === "number" ? parseUsd(String(v)) : typeof v === "string" ? parseUsd(v) : null;
    if (micros === null) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in US dollars, like 25 or 12.50, or leave it empty for no budget." });
      return z.NEVER;
    }
    if (micros <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount above $0, or leave it empty for no budget." });
      return z.NEVER;
    }
    if (micros > MAX_MONEY_MICROS) {
      ctx.addIssue({ code: "custom", message: "At most $10,000,000." });
      return z.NEVER;
    }
    return micros;
  });
}

const modelIdSchema = singleLineText({ min: 1, minMessage: "A model id cannot be empty.", max: 200, maxMessage: "A model id has at most 200 characters." });

/** "all" (or absent) → null, meaning every enabled model; else a non-empty list of ids without duplicates. */
const allowedModelsSchema = z
  .union([z.literal("all"), z.array(modelIdSchema).max(MAX_ALLOWED_MODELS, `Choose at most ${MAX_ALLOWED_MODELS} models.`), z.string()], {
    error: "Choose the models this key may use.",
  })
  .optional()
  .transform((v, ctx): string[] | null => {
    if (v === undefined || v === "all") return null;
    const list = typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v;
    if (list.length === 0) {
      ctx.addIssue({ code: "custom", message: "Choose at least one model, or allow all models." });
      return z.NEVER;
    }
    return [...new Set(list)];
  });

const allowlistSchema = z
  .union([z.string().max(20_000, "That list is too long."), z.array(z.string().max(200)).max(500)], { error: "Enter addresses or ranges, one per line." })
  .optional()
  .transform((v, ctx): string[] => {
    if (v === undefined) return [];
    const parsed = parseAllowlist(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.entries;
  });

/** A whole policy; a field left out or empty means "no restriction" (setting a policy replaces it). */
export const keyPolicyInputSchema = z
  .object({
    allowedModels: allowedModelsSchema,
    rpmLimit: optionalLimit(),
    tpmLimit: optionalLimit(),
    budget: optionalBudget(),
    ipAllowlist: allowlistSchema,
  })
  .transform(({ budget, ...rest }) => ({ ...rest, budgetMicros: budget }));
export type KeyPolicyInput = z.input<typeof keyPolicyInputSchema>;
export type KeyPolicyValues = z.output<typeof keyPolicyInputSchema>;

export const setKeyPolicySchema = z.object({
  teamId: idSchema("team"),
  keyId: idSchema("key"),
  policy: keyPolicyInputSchema,
});
export type SetKeyPolicyInput = z.input<typeof setKeyPolicySchema>;

const thresholdsSchema = z
  .union([z.string().max(200), z.array(z.union([z.number(), z.string()])).max(20)], { error: "Enter percentages like 50, 80, 100." })
  .optional()
  .transform((v, ctx): number[] => {
    if (v === undefined) return DEFAULT_ALERT_THRESHOLDS;
    const items = typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v.map(String);
    const numbers = items.map((s) => s.trim().replace(/%$/, ""));
    const bad = numbers.find((s) => !/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > 100);
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${bad.slice(0, 20)}" isn't a whole percentage from 1 to 100.` });
      return z.NEVER;
    }
    const sorted = [...new Set(numbers.map(Number))].sort((a, b) => a - b);
    if (sorted.length === 0) {
      ctx.addIssue({ code: "custom", message: "Enter at least one threshold, like 80." });
      return z.NEVER;
    }
    if (sorted.length > MAX_ALERT_THRESHOLDS) {
      ctx.addIssue({ code: "custom", message: `Use at most ${MAX_ALERT_THRESHOLDS} thresholds.` });
      return z.NEVER;
    }
    return sorted;
  });

const alertEmailsSchema = z
  .union([z.string().max(5_000, "That list is too long."), z.array(z.string().max(254)).max(50)], { error: "Enter email addresses, one per line." })
  .optional()
  .transform((v, ctx): string[] => {
    if (v === undefined) return [];
    const items = typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v.map((s) => s.trim()).filter(Boolean);
    const out: string[] = [];
    for (const item of items) {
      const parsed = emailSchema.safeParse(item);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: `"${item.slice(0, 60)}" isn't a valid email address.` });
        return z.NEVER;
      }
      if (!out.includes(parsed.data)) out.push(parsed.data);
    }
    if (out.length > MAX_ALERT_EMAILS) {
      ctx.addIssue({ code: "custom", message: `Add at most ${MAX_ALERT_EMAILS} addresses.` });
      return z.NEVER;
    }
    return out;
  });

export const teamBudgetSchema = z.object({
  teamId: idSchema("team"),
  budget: optionalBudget(),
  alertThresholds: thresholdsSchema,
  alertRoles: z
    .array(z.enum(ALERT_ROLES, { error: "Choose owners, admins or billing viewers." }))
    .max(ALERT_ROLES.length)
    .optional()
    .transform((v) => (v === undefined ? [...ALERT_ROLES] : ALERT_ROLES.filter((r) => v.includes(r)))),
  alertEmails: alertEmailsSchema,
});
export type TeamBudgetInput = z.input<typeof teamBudgetSchema>;
export type TeamBudgetValues = z.output<typeof teamBudgetSchema>;
