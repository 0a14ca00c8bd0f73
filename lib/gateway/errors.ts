/**
 * Answers the gateway writes itself, in Anthropic's error shape
 * (`{"type":"error","error":{"type":…,"message":…}}`) with the status the
 * official SDKs map to their error classes, and the verify pipeline's codes
 * mapped onto them:
 * - MALFORMED / NOT_FOUND / REVOKED / EXPIRED, or no key → 401 authentication_error;
 * - MODEL_NOT_ALLOWED / IP_NOT_ALLOWED / TEAM_SUSPENDED → 403 permission_error;
 * - RATE_LIMITED → 429 rate_limit_error with retry-after and the key's
 *   anthropic-ratelimit-* headers (x-should-retry: false when the request can
 *   never fit the limit: retrying would only fail again);
 * - BUDGET_EXCEEDED → 429 billing_error with x-should-retry: false (the SDKs
 *   never retry it) and a message naming the period and when it resets.
 * Every answer carries a `request-id`. Messages never say anything internal.
 */
import type http from "node:http";
import { periodLabel, periodOf } from "../budgets/period";
import type { VerifyResult } from "../api/verify-key";
import { formatUsd } from "../money";
import { rateLimitHeaders } from "./headers";
import { newRequestId } from "./request-id";

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "billing_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

export type Header = [name: string, value: string];

export function errorJson(type: AnthropicErrorType, message: string): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}

/** Writes an error answer with a fresh request-id (and `extra` headers, e.g. retry-after). */
export function sendGatewayError(res: http.ServerResponse, status: number, type: AnthropicErrorType, message: string, extra: readonly Header[] = []): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = errorJson(type, message);
  const headers: string[] = [
    "content-type", "application/json",
    "content-length", String(Buffer.byteLength(body)),
    "cache-control", "no-store",
    "request-id", newRequestId(),
  ];
  for (const [name, value] of extra) headers.push(name, value);
  res.writeHead(status, headers);
  res.end(body);
}

export const NO_KEY_MESSAGE = "Send your Gatehouse API key in the x-api-key header (or as Authorization: Bearer).";
export const INVALID_KEY_MESSAGE = "This Gatehouse API key is not valid.";
export const NO_UPSTREAM_MESSAGE =
  "This Gatehouse has no upstream configured: the operator must set ANTHROPIC_UPSTREAM_API_KEY before the gateway can forward requests.";

type Refused = Extract<VerifyResult, { keyId: string }>;

const BUDGET_WHAT: Record<string, string> = {
  key: "This key's monthly budget",
  team: "The team's monthly budget",
  team_cap: "The team's monthly spend limit",
};

/** "This key's monthly budget of $10.00 for December 2026 is used up; it resets on January 1, 2027 at 00:00 UTC." */
export function budgetMessage(result: Refused, now: number): string {
  const scope = typeof result.scope === "string" ? result.scope : "key";
  const budget = result.limits.budget;
  const amount = budget && budget.scope === scope ? ` of ${formatUsd(budget.limitMicros)}` : "";
  const resetAt = typeof result.resetAt === "string" ? Date.parse(result.resetAt) : NaN;
  const resets = Number.isFinite(resetAt)
    ? `; it resets on ${new Date(resetAt).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" })} at 00:00 UTC`
    : "";
  return `${BUDGET_WHAT[scope] ?? BUDGET_WHAT.key}${amount} for ${periodLabel(periodOf(now))} is used up${resets}.`;
}

/** The answer to a key the verify pipeline refused (valid: false). */
export function sendRefusal(res: http.ServerResponse, result: VerifyResult, now: number): void {
  if (!("keyId" in result)) {
    sendGatewayError(res, 401, "authentication_error", INVALID_KEY_MESSAGE);
    return;
  }
  const message = result.message ?? "This request is not allowed.";
  switch (result.code) {
    case "BUDGET_EXCEEDED":
      sendGatewayError(res, 429, "billing_error", budgetMessage(result, now), [["x-should-retry", "false"], ...rateLimitHeaders(result.limits)]);
      return;
    case "RATE_LIMITED": {
      const headers = rateLimitHeaders(result.limits);
      const retryAfter = result.retryAfter;
      if (typeof retryAfter === "number") headers.push(["retry-after", String(retryAfter)]);
      // The install-wide verification limit counts per minute.
      else if (result.limit === "verifications") headers.push(["retry-after", "60"]);
      // Larger than the whole limit: no wait makes it fit.
      else headers.push(["x-should-retry", "false"]);
      sendGatewayError(res, 429, "rate_limit_error", message, headers);
      return;
    }
    default:
      sendCodeError(res, result.code, message);
  }
}

/** 401 for a key that does not work (any more), 403 for one that may not do this. */
export function sendCodeError(res: http.ServerResponse, code: string, message: string): void {
  if (code === "REVOKED" || code === "EXPIRED" || code === "MALFORMED" || code === "NOT_FOUND") sendGatewayError(res, 401, "authentication_error", message);
  else sendGatewayError(res, 403, "permission_error", message);
}
