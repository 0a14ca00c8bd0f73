/**
 * What a usage event is, defined once: the shape every writer takes, the
 * bounds it must respect, and the check that tells a bad event from a good
 * one. Pure; the stores (lib/store/) write what passes.
 */
import { VERIFY_OUTCOMES } from "../verify/codes";

/**
 * One usage event.
 * - kind "verify": a call to POST /api/v1/keys/verify; `outcome` is the verify
 *   code (one of VERIFY_OUTCOMES in lib/verify/codes.ts); `model` is the model
 *   asked for, when it is in the catalogue; status/latency/tokens/cost unused.
 * - kind "report": a request the provider reported via POST /api/v1/usage;
 *   `status` (HTTP code) is required, `outcome` defaults to its class ("2xx", "4xx", "5xx").
 *   `costMicros` is what Gatehouse priced it at (lib/pricing/), fixed when the
 *   event is accepted; `fallbackPriced` says the model was not in the catalogue.
 * - kind "gateway": a request Gatehouse's own gateway (lib/gateway/) forwarded
 *   and measured; the same fields as "report", plus `ttftMs` for streams
 *   (time to the first content delta). `outcome` may say how it ended
 *   ("client_closed", "upstream_failed", "stream_error"), else its class.
 * `ts` is epoch milliseconds (UTC). `teamId` must be the key's team.
 */
export type UsageEventInput = {
  keyId: string;
  teamId: string;
  ts: number;
  kind: "verify" | "report" | "gateway";
  outcome?: string;
  status?: number | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
  model?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
  costMicros?: number;
  fallbackPriced?: boolean;
};

/**
 * Tokens per event, per direction. With the team token quota
 * (lib/api/usage-limits.ts) this keeps every stored total, and any sum of
 * them a chart or budget makes, below 2^53, where JavaScript numbers stop
 * being exact.
 */
export const MAX_TOKENS_PER_EVENT = 1_000_000_000;
export const MAX_LATENCY_MS = 3_600_000;
export const MAX_MODEL_LENGTH = 100;
/** One request's cost: 10 million USD, far above any real request, far below 2^53 once summed. */
export const MAX_COST_MICROS_PER_EVENT = 10_000_000_000_000;

const VERIFY_OUTCOME_SET: ReadonlySet<string> = new Set(VERIFY_OUTCOMES);

/** A request that happened (reported by the provider, or measured by the gateway), as opposed to a verification. */
export function isRequestEvent(e: Pick<UsageEventInput, "kind">): boolean {
  return e.kind === "report" || e.kind === "gateway";
}

function isCount(value: unknown, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max);
}

/**
 * Why an event cannot be stored, or null when it can. Run by the writers on
 * every event, so one malformed event (from a script, a bug, a future caller)
 * is discarded on its own instead of failing its whole batch.
 */
export function usageEventProblem(e: UsageEventInput): string | null {
  if (typeof e !== "object" || e === null) return "not an object";
  if (typeof e.keyId !== "string" || e.keyId === "") return "keyId missing";
  if (typeof e.teamId !== "string" || e.teamId === "") return "teamId missing";
  if (!Number.isSafeInteger(Math.trunc(e.ts)) || e.ts <= 0) return "ts is not an epoch ms time";
  if (e.kind === "verify") {
    if (e.model != null && (typeof e.model !== "string" || e.model.length > MAX_MODEL_LENGTH)) return "model is not a short string";
    return e.outcome !== undefined && !VERIFY_OUTCOME_SET.has(e.outcome) ? `unknown verify outcome ${String(e.outcome)}` : null;
  }
  if (!isRequestEvent(e)) return `unknown kind ${String(e.kind)}`;
  if (!Number.isInteger(e.status) || (e.status as number) < 100 || (e.status as number) > 599) return "status is not an HTTP status";
  if (e.latencyMs != null && !(typeof e.latencyMs === "number" && e.latencyMs >= 0 && e.latencyMs <= MAX_LATENCY_MS)) return "latencyMs out of range";
  if (e.ttftMs != null && !(typeof e.ttftMs === "number" && e.ttftMs >= 0 && e.ttftMs <= MAX_LATENCY_MS)) return "ttftMs out of range";
  if (e.model != null && (typeof e.model !== "string" || e.model.length > MAX_MODEL_LENGTH)) return "model is not a short string";
  if (!isCount(e.inputTokens, MAX_TOKENS_PER_EVENT) || !isCount(e.outputTokens, MAX_TOKENS_PER_EVENT)) return "token count out of range";
  if (!isCount(e.cacheWriteTokens, MAX_TOKENS_PER_EVENT) || !isCount(e.cacheReadTokens, MAX_TOKENS_PER_EVENT)) return "token count out of range";
  if (!isCount(e.costMicros, MAX_COST_MICROS_PER_EVENT)) return "cost out of range";
  if (e.outcome !== undefined && typeof e.outcome !== "string") return "outcome is not a string";
  return null;
}
