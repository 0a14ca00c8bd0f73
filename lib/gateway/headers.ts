/**
 * Which headers cross the gateway, each way.
 *
 * Upstream (what the partner sent → the upstream): an allowlist. The body's
 * content-type and accept, the user-agent, and every `anthropic-*` header
 * (anthropic-version, anthropic-beta, …) go unchanged. Never the partner's
 * credentials (x-api-key, authorization), cookies, or the proxy's
 * x-forwarded-* / x-real-ip (the partner's address is not the upstream's
 * business). The gateway adds the upstream key as x-api-key, the body's
 * content-length, and accept-encoding: identity, so a JSON answer's usage can
 * be read without decompressing it.
 *
 * Downstream (the upstream's answer → the partner): everything except
 * hop-by-hop headers (and those the upstream's Connection header names),
 * set-cookie (the upstream's session with Gatehouse, not the partner's), the
 * upstream's own anthropic-ratelimit-* headers (they describe the provider's
 * account; the partner gets its key's instead) and a retry-after on a
 * successful answer. On an upstream 429 / 5xx its retry-after is kept, so an
 * SDK waits as long as the upstream asked. The security headers the HTTP
 * server already set win over the upstream's.
 */
import type http from "node:http";
import type { Limits } from "../api/verify-key";
import type { LimitState } from "../verify/rate-limits";
import type { Header } from "./errors";

const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
  "te", "trailer", "trailers", "transfer-encoding", "upgrade",
]);

/** Request headers that go upstream as they came, besides anthropic-*. */
const FORWARDED = new Set(["content-type", "accept", "user-agent"]);

/** The upstream request's headers, from the partner's (rawHeaders: name, value, name, value…). */
export function upstreamRequestHeaders(raw: readonly string[], apiKey: string, bodyLength: number): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!(name.startsWith("anthropic-") || FORWARDED.has(name))) continue;
    const previous = headers[name];
    // Repeated anthropic-beta headers join like any list header.
    headers[name] = previous === undefined ? raw[i + 1] : `${previous as string}, ${raw[i + 1]}`;
  }
  headers["x-api-key"] = apiKey;
  headers["accept-encoding"] = "identity";
  headers["content-length"] = bodyLength;
  return headers;
}

/**
 * The answer's headers, from the upstream's, as a flat name/value list for
 * res.writeHead (duplicates kept), with `request-id` kept or minted and
 * `extra` (the key's rate-limit headers) added; and the answer's content-type.
 */
export function downstreamHeaders(
  res: http.ServerResponse,
  upstream: http.IncomingMessage,
  extra: readonly Header[],
  mintRequestId: () => string,
): { headers: string[]; contentType: string | null } {
  const raw = upstream.rawHeaders;
  const status = upstream.statusCode ?? 502;
  const keepRetryAfter = status === 429 || status >= 500;
  const named = connectionTokens(raw);
  const out: string[] = [];
  let requestId = false;
  let contentType: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === "content-type") contentType = raw[i + 1].toLowerCase();
    if (HOP_BY_HOP.has(name) || name === "set-cookie" || name.startsWith("anthropic-ratelimit-")) continue;
    if (name === "retry-after" && !keepRetryAfter) continue;
    if (named !== null && named.has(name)) continue;
    if (res.hasHeader(name)) continue;
    if (name === "request-id") requestId = true;
    out.push(raw[i], raw[i + 1]);
  }
  if (!requestId) out.push("request-id", mintRequestId());
  for (const [name, value] of extra) out.push(name, value);
  return { headers: out, contentType };
}

/** Headers the upstream's Connection header names as hop-by-hop (rare: usually it says only keep-alive). */
function connectionTokens(raw: readonly string[]): Set<string> | null {
  let value = "";
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 10 && raw[i].toLowerCase() === "connection") value += `,${raw[i + 1]}`;
  if (value === "") return null;
  const tokens = value.split(",").map((t) => t.trim().toLowerCase()).filter((t) => t && t !== "close" && t !== "keep-alive");
  return tokens.length > 0 ? new Set(tokens) : null;
}

const NO_HEADERS: readonly Header[] = Object.freeze([]);

/**
 * anthropic-ratelimit-requests-* and -tokens-* (limit, remaining, reset as
 * RFC 3339) for the tightest of the key's and team's limits of each kind;
 * none for a key without limits.
 */
export function rateLimitHeaders(limits: Limits): Header[] {
  if (limits.requests === null && limits.tokens === null) return [...NO_HEADERS];
  const out: Header[] = [];
  if (limits.requests) push(out, "requests", limits.requests);
  if (limits.tokens) push(out, "tokens", limits.tokens);
  return out;
}

function push(out: Header[], what: "requests" | "tokens", state: LimitState): void {
  out.push(
    [`anthropic-ratelimit-${what}-limit`, String(state.limit)],
    [`anthropic-ratelimit-${what}-remaining`, String(Math.max(0, state.remaining))],
    [`anthropic-ratelimit-${what}-reset`, state.resetAt],
  );
}
