/**
 * A key's policy as the Admin API takes it (snake_case, partial on update), turned into
 * the console's policy input (lib/policy/schemas.ts), so both are held to the same rules
 * and limits by the same schema and by setKeyPolicy / createApiKey.
 */
import { z } from "zod";
import { AppError } from "../errors";
import { microsToUsdText } from "../money";
import { keyPolicyInputSchema, type KeyPolicyInput, type KeyPolicyValues } from "../policy/schemas";
import type { KeyPolicy } from "../policy/stored-policy";

export const apiKeyPolicyInputSchema = z
  .object({
    allowed_models: z
      .array(z.string().max(200))
      .max(500)
      .nullable()
      .optional()
      .meta({ description: "Model ids from the provider's catalogue; null: every model the provider offers." }),
    rpm_limit: z.number().int().nullable().optional().meta({ description: "Requests per minute, 1 or more; null: none." }),
    tpm_limit: z.number().int().nullable().optional().meta({ description: "Tokens per minute, 1 or more; null: none." }),
    monthly_budget_usd: z
      .union([z.string().max(40), z.number()])
      .nullable()
      .optional()
      .meta({ description: 'US dollars above 0, up to 6 decimals ("25", "12.50", or a number); null: none.' }),
    ip_allowlist: z
      .array(z.string().max(200))
      .max(500)
      .optional()
      .meta({ description: "Up to 50 IPv4/IPv6 addresses or CIDR ranges; empty: any address." }),
  })
  .strict()
  .meta({
    id: "ApiKeyPolicyInput",
    description: "Fields left out keep their value (on create: no restriction).",
    example: { allowed_models: ["claude-sonnet-5"], rpm_limit: 600, monthly_budget_usd: "250" },
  });
export type ApiKeyPolicyInput = z.infer<typeof apiKeyPolicyInputSchema>;

/** The console's field names → the Admin API's, for error messages. */
const API_FIELD: Record<string, string> = {
  allowedModels: "allowed_models",
  rpmLimit: "rpm_limit",
  tpmLimit: "tpm_limit",
  budget: "monthly_budget_usd",
  ipAllowlist: "ip_allowlist",
};

/** The console's policy input for a stored policy (what "keep the rest" starts from). */
function inputOf(policy: KeyPolicy): KeyPolicyInput {
  return {
    allowedModels: policy.allowedModels ?? "all",
    rpmLimit: policy.rpmLimit,
    tpmLimit: policy.tpmLimit,
    budget: policy.budgetMicros === null ? null : microsToUsdText(policy.budgetMicros),
    ipAllowlist: policy.ipAllowlist,
  };
}

/**
 * `current` with the fields `change` names replaced, as the console's policy input,
 * checked by the console's schema now (so an update fails before any part of it is
 * applied). A failure is INVALID naming the Admin API's field. `input` is what the services
 * take; `values` what it parses to.
 */
export function mergePolicyInput(current: KeyPolicy, change: ApiKeyPolicyInput): { input: KeyPolicyInput; values: KeyPolicyValues } {
  const merged = inputOf(current);
  if (change.allowed_models !== undefined) merged.allowedModels = change.allowed_models ?? "all";
  if (change.rpm_limit !== undefined) merged.rpmLimit = change.rpm_limit;
  if (change.tpm_limit !== undefined) merged.tpmLimit = change.tpm_limit;
  if (change.monthly_budget_usd !== undefined) merged.budget = change.monthly_budget_usd;
  if (change.ip_allowlist !== undefined) merged.ipAllowlist = change.ip_allowlist;
  const parsed = keyPolicyInputSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = API_FIELD[String(issue.path[0])] ?? String(issue.path[0] ?? "");
    throw new AppError("INVALID", `policy.${field}: ${issue.message}`);
  }
  return { input: merged, values: parsed.data };
}
