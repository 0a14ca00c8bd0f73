import { microsToUsdText } from "@/lib/money";
import type { KeyPolicyInput } from "@/lib/policy/schemas";
import type { KeyPolicy } from "@/lib/policy/stored-policy";

/** What the policy fields hold while the user types: text, kept as typed until the server answers. */
export type PolicyDraft = {
  allModels: boolean;
  models: string[];
  rpmLimit: string;
  tpmLimit: string;
  budget: string;
  ipAllowlist: string;
};

export const EMPTY_DRAFT: PolicyDraft = { allModels: true, models: [], rpmLimit: "", tpmLimit: "", budget: "", ipAllowlist: "" };

export function draftFrom(policy: KeyPolicy): PolicyDraft {
  return {
    allModels: policy.allowedModels === null,
    models: policy.allowedModels ?? [],
    rpmLimit: policy.rpmLimit === null ? "" : String(policy.rpmLimit),
    tpmLimit: policy.tpmLimit === null ? "" : String(policy.tpmLimit),
    budget: policy.budgetMicros === null ? "" : microsToUsdText(policy.budgetMicros),
    ipAllowlist: policy.ipAllowlist.join("\n"),
  };
}

export function policyInputFrom(draft: PolicyDraft): KeyPolicyInput {
  return {
    allowedModels: draft.allModels ? "all" : draft.models,
    rpmLimit: draft.rpmLimit,
    tpmLimit: draft.tpmLimit,
    budget: draft.budget,
    ipAllowlist: draft.ipAllowlist,
  };
}

/** Whether the draft restricts anything (the create dialog opens its "Limits" section when it does). */
export function draftRestricts(draft: PolicyDraft): boolean {
  return !draft.allModels || [draft.rpmLimit, draft.tpmLimit, draft.budget, draft.ipAllowlist].some((v) => v.trim() !== "");
}
