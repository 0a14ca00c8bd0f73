/**
 * The decision behind POST /api/v1/keys/verify, free of HTTP, as one ordered
 * pipeline:
 * 1. a string that is not a well-formed key (prefix, length, checksum) is
 *    MALFORMED and never reaches the database;
 * 2. unknown hash → NOT_FOUND (nothing to record usage against);
 * 3. the checks of lib/verify/checks.ts, in order (revoked, expired, team
 *    suspended, IP allowlist, model, budgets);
 * 4. the install's optional verify limit (VERIFY_RATE_LIMIT_PER_MINUTE), then
 *    the key's and team's requests- and tokens-per-minute (GCRA), all or none;
 * 5. otherwise VALID, with the limits in effect and what remains.
 * Every outcome for an existing key is buffered as a usage event. The answer
 * is synchronous whenever the store answers synchronously (SQLite, or a
 * PostgreSQL cache hit) and the limits count in process.
 */
import { parseKey } from "../keys/format";
import type { GcraLimiter } from "../limits/gcra";
import type { Catalogue } from "../pricing/catalogue";
import type { HotStore } from "../store/types";
import type { UsageBuffer } from "../usage/buffer";
import { firstRefusal, type Refusal, type VerifyRequest } from "../verify/checks";
import type { VerifyCode, VerifyOutcome } from "../verify/codes";
import { takeRateLimits, type LimitState, type RateOutcome } from "../verify/rate-limits";
import type { Reservations } from "../verify/reservation";
import type { SpendLedger } from "../verify/spend";
import { findKeyBySecret, type KeyRow, type MaybePromise } from "./key-lookup";
import { chargeVerification, type VerifyRateLimit } from "./rate-limit";
import { isoAt } from "../verify/iso";

export { VERIFY_CODES, type VerifyCode } from "../verify/codes";
export type { VerifyRequest } from "../verify/checks";

export type VerifyDeps = {
  store: Pick<HotStore, "findKeyByHash">;
  usage: Pick<UsageBuffer, "recordVerify">;
  rateLimit: VerifyRateLimit | null;
  gcra: GcraLimiter;
  catalogue: { readonly catalogue: Catalogue };
  spend: SpendLedger;
  reservations: Reservations;
};

export type BudgetState = { scope: "key" | "team" | "team_cap"; limitMicros: number; spentMicros: number; remainingMicros: number; resetAt: string };
export type Limits = { requests: LimitState | null; tokens: LimitState | null; budget: BudgetState | null };

export type VerifyResult =
  | { valid: false; code: "MALFORMED" | "NOT_FOUND" }
  | {
      valid: boolean;
      code: VerifyOutcome;
      keyId: string;
      teamId: string;
      environment: string;
      name: string;
      expiresAt: string | null;
      message?: string;
      limits: Limits;
      reservation?: { id: string; tokens: number };
      [detail: string]: unknown;
    };

export const MALFORMED_RESULT = Object.freeze({ valid: false, code: "MALFORMED" } as const);
export const NOT_FOUND_RESULT = Object.freeze({ valid: false, code: "NOT_FOUND" } as const);

/** The budget closest to running out, with what is left of it. (No inner closures: tsx wraps each in a __name() call per request.) */
function budgetState(deps: VerifyDeps, row: KeyRow, now: number): BudgetState | null {
  const key = row.policy.budgetMicros;
  const { budgetMicros: team, spendCapMicros: cap } = row.team;
  if (key === null && team === null && cap === null) return null;
  let best: BudgetState | null = null;
  if (key !== null) best = budgetOf("key", key, deps.spend.keySpent(row, now), deps, now);
  if (team !== null || cap !== null) {
    const spent = deps.spend.teamSpent(row, now);
    if (team !== null && (!best || team - spent < best.remainingMicros)) best = budgetOf("team", team, spent, deps, now);
    if (cap !== null && (!best || cap - spent < best.remainingMicros)) best = budgetOf("team_cap", cap, spent, deps, now);
  }
  return best;
}

function budgetOf(scope: BudgetState["scope"], limit: number, spent: number, deps: VerifyDeps, now: number): BudgetState {
  return { scope, limitMicros: limit, spentMicros: spent, remainingMicros: Math.max(0, limit - spent), resetAt: deps.spend.resetAt(now) };
}

function answer(
  deps: VerifyDeps,
  row: KeyRow,
  request: VerifyRequest,
  now: number,
  refusal: Refusal | null,
  rates: RateOutcome | null,
  reservation?: { id: string; tokens: number },
): VerifyResult {
  const code: VerifyOutcome = refusal ? refusal.code : "VALID";
  // The model dimension of the charts only holds catalogue models: a made-up name is not a new series.
  const model = request.model !== undefined && deps.catalogue.catalogue.get(request.model) ? request.model : null;
  // A full buffer drops the event, never the answer (see lib/usage/buffer.ts).
  deps.usage.recordVerify({ keyId: row.id, teamId: row.teamId, ts: now, kind: "verify", outcome: code, model });
  const result: VerifyResult = {
    valid: refusal === null,
    code,
    keyId: row.id,
    teamId: row.teamId,
    environment: row.environment,
    name: row.name,
    expiresAt: row.expiresAt === null ? null : isoAt(row.expiresAt),
    limits: { requests: rates?.requests ?? null, tokens: rates?.tokens ?? null, budget: budgetState(deps, row, now) },
  };
  if (refusal) {
    result.message = refusal.message;
    if (refusal.details) Object.assign(result, refusal.details);
  }
  if (reservation) result.reservation = reservation;
  return result;
}

function afterRates(deps: VerifyDeps, row: KeyRow, request: VerifyRequest, now: number, rates: RateOutcome): VerifyResult {
  if (rates.refusal) return answer(deps, row, request, now, rates.refusal, rates);
  const tokens = request.estimatedTokens ?? 0;
  const reservation = tokens > 0 && rates.tokens !== null ? { id: deps.reservations.issue({ keyId: row.id, teamId: row.teamId, tokens, at: now }), tokens } : undefined;
  return answer(deps, row, request, now, null, rates, reservation);
}

function rateStage(deps: VerifyDeps, row: KeyRow, request: VerifyRequest, now: number): MaybePromise<VerifyResult> {
  const rates = takeRateLimits(deps.gcra, row, request.estimatedTokens ?? 0, now);
  return rates instanceof Promise ? rates.then((r) => afterRates(deps, row, request, now, r)) : afterRates(deps, row, request, now, rates);
}

const INSTALL_LIMITED: Refusal = { code: "RATE_LIMITED", message: "This key has reached the verification limit of this install.", details: { limit: "verifications", scope: "install" } };

function decide(deps: VerifyDeps, row: KeyRow | undefined, request: VerifyRequest, now: number): MaybePromise<VerifyResult> {
  if (!row) return NOT_FOUND_RESULT;
  const refusal = firstRefusal({ row, request, now, catalogue: deps.catalogue.catalogue, spend: deps.spend });
  if (refusal) return answer(deps, row, request, now, refusal, null);
  if (!deps.rateLimit) return rateStage(deps, row, request, now);
  const charged = chargeVerification(deps.rateLimit, row.id, now);
  return charged instanceof Promise ? charged.then((r) => afterInstallLimit(deps, row, request, now, r.allowed)) : afterInstallLimit(deps, row, request, now, charged.allowed);
}

function afterInstallLimit(deps: VerifyDeps, row: KeyRow, request: VerifyRequest, now: number, allowed: boolean): MaybePromise<VerifyResult> {
  return allowed ? rateStage(deps, row, request, now) : answer(deps, row, request, now, INSTALL_LIMITED, null);
}

export function verifyKey(deps: VerifyDeps, request: VerifyRequest, now: number): MaybePromise<VerifyResult> {
  if (parseKey(request.key) === null) return MALFORMED_RESULT;
  const found = findKeyBySecret(deps.store, request.key);
  return found instanceof Promise ? found.then((row) => decide(deps, row, request, now)) : decide(deps, found, request, now);
}

/**
 * The same pipeline from step 2 on, for a caller that looked the key up itself
 * (findKeyBySecret, after parseKey): the gateway (lib/gateway/) keeps the row
 * to settle the request's tokens when its answer is complete.
 */
export function verifyFoundKey(deps: VerifyDeps, row: KeyRow | undefined, request: VerifyRequest, now: number): MaybePromise<VerifyResult> {
  return decide(deps, row, request, now);
}
