/**
 * The checks a key passes before it is VALID, in order, each with the code it
 * answers when it fails. Cheap refusals first; the one check that counts
 * (rate limits) last, so a refused request never uses up a limit. Adding a
 * check is adding an entry here (and its code in ./codes.ts).
 */
import { keyState } from "../api/key-lookup";
import { compileAllowlist } from "../policy/ip-allowlist";
import type { Catalogue } from "../pricing/catalogue";
import type { KeyRow } from "../store/types";
import type { VerifyOutcome } from "./codes";
import type { SpendLedger } from "./spend";

export type VerifyRequest = { key: string; model?: string; ip?: string; estimatedTokens?: number };

export type CheckContext = {
  row: KeyRow;
  request: VerifyRequest;
  now: number;
  catalogue: Catalogue;
  spend: SpendLedger;
};

export type Refusal = { code: VerifyOutcome; message: string; details?: Record<string, unknown> };

export type Check = { code: VerifyOutcome; run(ctx: CheckContext): Refusal | null };

// Compiled once per loaded row (rows are replaced, never mutated, when the key changes).
const allowlists = new WeakMap<KeyRow, (ip: string) => boolean>();
const modelSets = new WeakMap<KeyRow, ReadonlySet<string>>();

const REVOKED: Refusal = { code: "REVOKED", message: "This key has been revoked." };
const EXPIRED: Refusal = { code: "EXPIRED", message: "This key has expired." };
const SUSPENDED: Refusal = { code: "TEAM_SUSPENDED", message: "This key's team is suspended by the provider." };
const IP_MISSING: Refusal = { code: "IP_NOT_ALLOWED", message: "This key only works from listed addresses: send the caller's IP address as \"ip\"." };
const MODEL_MISSING: Refusal = { code: "MODEL_NOT_ALLOWED", message: "This key may use only some models: send the requested model as \"model\"." };

export const CHECKS: readonly Check[] = [
  {
    code: "REVOKED",
    run: ({ row, now }) => (keyState(row, now) === "REVOKED" ? REVOKED : null),
  },
  {
    code: "EXPIRED",
    run: ({ row, now }) => (keyState(row, now) === "EXPIRED" ? EXPIRED : null),
  },
  {
    code: "TEAM_SUSPENDED",
    run: ({ row }) => (row.team.suspended ? SUSPENDED : null),
  },
  {
    code: "IP_NOT_ALLOWED",
    run: ({ row, request }) => {
      if (row.policy.ipAllowlist.length === 0) return null;
      if (request.ip === undefined) return IP_MISSING;
      let allows = allowlists.get(row);
      if (!allows) {
        allows = compileAllowlist(row.policy.ipAllowlist);
        allowlists.set(row, allows);
      }
      return allows(request.ip) ? null : { code: "IP_NOT_ALLOWED", message: `This key may not be used from ${request.ip}.` };
    },
  },
  {
    code: "MODEL_NOT_ALLOWED",
    run: ({ row, request, catalogue }) => {
      const model = request.model;
      const allowed = row.policy.allowedModels;
      if (model === undefined) return allowed === null ? null : MODEL_MISSING;
      if (catalogue.isDisabled(model)) return { code: "MODEL_NOT_ALLOWED", message: `The model ${model} is not available.` };
      if (allowed === null) return null;
      let set = modelSets.get(row);
      if (!set) {
        set = new Set(allowed);
        modelSets.set(row, set);
      }
      return set.has(model) ? null : { code: "MODEL_NOT_ALLOWED", message: `This key may not use the model ${model}.` };
    },
  },
  {
    code: "BUDGET_EXCEEDED",
    run: ({ row, now, spend }) => {
      const key = row.policy.budgetMicros;
      if (key !== null && spend.keySpent(row, now) >= key) return overBudget("key", "This key's monthly budget", key, spend, now);
      const { budgetMicros: team, spendCapMicros: cap } = row.team;
      if (team === null && cap === null) return null;
      const teamSpent = spend.teamSpent(row, now);
      if (team !== null && teamSpent >= team) return overBudget("team", "The team's monthly budget", team, spend, now);
      if (cap !== null && teamSpent >= cap) return overBudget("team_cap", "The team's monthly spend limit", cap, spend, now);
      return null;
    },
  },
];

function overBudget(scope: "key" | "team" | "team_cap", what: string, limitMicros: number, spend: SpendLedger, now: number): Refusal {
  const resetAt = spend.resetAt(now);
  const usd = (limitMicros / 1_000_000).toLocaleString("en-US", { style: "currency", currency: "USD" });
  return {
    code: "BUDGET_EXCEEDED",
    message: `${what} of ${usd} is used up; it resets at ${resetAt.slice(0, 10)} 00:00 UTC.`,
    details: { scope, resetAt },
  };
}

/** The first check that refuses, or null: every cheap check, in order. */
export function firstRefusal(ctx: CheckContext): Refusal | null {
  for (const check of CHECKS) {
    const refusal = check.run(ctx);
    if (refusal) return refusal;
  }
  return null;
}
