/**
 * The key's and its team's requests-per-minute and tokens-per-minute limits,
 * counted by the GCRA limiter (lib/limits/gcra.ts) all at once: a request is
 * admitted only if every bucket has room, and a refused one takes nothing.
 * Tokens are what the caller estimated (`estimatedTokens`, 0 when not sent:
 * then only a bucket already overdrawn by reported usage refuses).
 */
import type { GcraLimiter, GcraResult, GcraRule } from "../limits/gcra";
import type { KeyRow } from "../store/types";
import type { Refusal } from "./checks";
import { isoAt } from "./iso";

export const MINUTE_MS = 60_000;

export type LimitState = { limit: number; remaining: number; resetAt: string };
export type RateOutcome = { refusal: Refusal | null; requests: LimitState | null; tokens: LimitState | null };

type Item = { key: string; rule: GcraRule; cost: number; unit: "requests" | "tokens"; scope: "key" | "team" };

/** Bucket names, shared with usage settlement (lib/api/usage-route.ts). */
export const bucketKey = {
  keyRequests: (keyId: string) => `rpm:k:${keyId}`,
  teamRequests: (teamId: string) => `rpm:t:${teamId}`,
  keyTokens: (keyId: string) => `tpm:k:${keyId}`,
  teamTokens: (teamId: string) => `tpm:t:${teamId}`,
};

const perMinute = (limit: number): GcraRule => ({ limit, periodMs: MINUTE_MS });

export function rateItems(row: KeyRow, tokens: number): Item[] {
  const items: Item[] = [];
  const rule = perMinute;
  if (row.policy.rpm !== null) items.push({ key: bucketKey.keyRequests(row.id), rule: rule(row.policy.rpm), cost: 1, unit: "requests", scope: "key" });
  if (row.team.rpm !== null) items.push({ key: bucketKey.teamRequests(row.teamId), rule: rule(row.team.rpm), cost: 1, unit: "requests", scope: "team" });
  if (row.policy.tpm !== null) items.push({ key: bucketKey.keyTokens(row.id), rule: rule(row.policy.tpm), cost: tokens, unit: "tokens", scope: "key" });
  if (row.team.tpm !== null) items.push({ key: bucketKey.teamTokens(row.teamId), rule: rule(row.team.tpm), cost: tokens, unit: "tokens", scope: "team" });
  return items;
}

/** The tokens-per-minute buckets a key's reported tokens are charged to. */
export function tokenBuckets(row: KeyRow): { key: string; rule: GcraRule }[] {
  const out: { key: string; rule: GcraRule }[] = [];
  if (row.policy.tpm !== null) out.push({ key: bucketKey.keyTokens(row.id), rule: { limit: row.policy.tpm, periodMs: MINUTE_MS } });
  if (row.team.tpm !== null) out.push({ key: bucketKey.teamTokens(row.teamId), rule: { limit: row.team.tpm, periodMs: MINUTE_MS } });
  return out;
}

const NO_LIMITS: RateOutcome = Object.freeze({ refusal: null, requests: null, tokens: null });

function interpret(items: readonly Item[], results: readonly GcraResult[], now: number): RateOutcome {
  let requests: LimitState | null = null;
  let tokens: LimitState | null = null;
  let refusal: Refusal | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const r = results[i];
    const state = { limit: r.limit, remaining: r.remaining, resetAt: isoAt(r.resetAt) };
    // The tightest limit of each kind is the one a caller must pace to.
    if (item.unit === "requests") {
      if (!requests || state.remaining < requests.remaining) requests = state;
    } else if (!tokens || state.remaining < tokens.remaining) tokens = state;
    if (!r.allowed && !refusal) {
      const retryAfter = Number.isFinite(r.retryAfterMs) ? Math.max(1, Math.ceil(r.retryAfterMs / 1000)) : null;
      const who = item.scope === "key" ? "This key's" : "The team's";
      const what = `${r.limit.toLocaleString("en-US")} ${item.unit} per minute`;
      refusal = {
        code: "RATE_LIMITED",
        message:
          retryAfter === null
            ? `${who} limit of ${what} is smaller than this request's ${item.cost.toLocaleString("en-US")} estimated tokens.`
            : `${who} limit of ${what} is reached. Retry in ${retryAfter} s.`,
        details: { limit: item.unit, scope: item.scope, retryAfter, retryAt: retryAfter === null ? null : isoAt(now + retryAfter * 1000) },
      };
    }
  }
  return { refusal, requests, tokens };
}

/** Takes from every bucket the key is subject to; synchronous when the limiter counts in process. */
export function takeRateLimits(limiter: GcraLimiter, row: KeyRow, tokens: number, now: number): RateOutcome | Promise<RateOutcome> {
  const items = rateItems(row, tokens);
  if (items.length === 0) return NO_LIMITS;
  const results = limiter.takeAll(items, now);
  return results instanceof Promise ? results.then((r) => interpret(items, r, now)) : interpret(items, results, now);
}
