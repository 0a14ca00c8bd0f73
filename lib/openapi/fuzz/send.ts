/**
 * Turns a fuzz case into the HTTP request it stands for (real ids and credentials
 * filled in) and sends it with node:http, which sends the path exactly as given
 * (fetch would normalise `..` segments away) and any body, however broken.
 */
import http from "node:http";
import type { BodyCase, FuzzCase, OpenApiDoc, Operation, SeedRef } from "./arbitraries";

export type FuzzContext = {
  /** Real values by seed name (`user_id`, `api_key_id`, `email`, …). */
  pools: Record<string, readonly unknown[]>;
  /** By security scheme name: credentials that work, and ones that must not (revoked, malformed). */
  credentials: Record<string, { valid: readonly string[]; wrong: readonly string[] }>;
};

export type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
export type FuzzResponse = { status: number; contentType: string; text: string; json: unknown; parsed: boolean };

const isSeedRef = (value: unknown): value is SeedRef =>
  typeof value === "object" && value !== null && typeof (value as SeedRef).$seed === "string" && typeof (value as SeedRef).n === "number";

/** A long string, kept short in a case: `{ $repeat: "x", times: 5000 }`. */
type Repeat = { $repeat: string; times: number };
const isRepeat = (value: unknown): value is Repeat =>
  typeof value === "object" && value !== null && typeof (value as Repeat).$repeat === "string" && typeof (value as Repeat).times === "number";

/** `value` with every SeedRef replaced by the real value it names (and every Repeat by its string). */
export function resolveSeeds(value: unknown, pools: FuzzContext["pools"]): unknown {
  if (isSeedRef(value)) {
    const pool = pools[value.$seed] ?? [];
    // A negative n counts from the end: -1 is the newest (added just before the operation's run).
    return pool.length ? pool.at(value.n % pool.length) : `no-seeded-${value.$seed}`;
  }
  if (isRepeat(value)) return value.$repeat.repeat(value.times);
  if (Array.isArray(value)) return value.map((item) => resolveSeeds(item, pools));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // defineProperty keeps an own `__proto__` key an ordinary field (as JSON.parse makes it on the server).
    for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: resolveSeeds(item, pools), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Percent-encodes a path segment as UTF-8 (a lone surrogate becomes U+FFFD, as a browser would send it). */
export function encodeSegment(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A query or path value as text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? "";
}

function bodyText(body: BodyCase, pools: FuzzContext["pools"]): string {
  if ("text" in body) return body.text;
  if ("nested" in body) return "[".repeat(body.nested) + "]".repeat(body.nested);
  if ("oversized" in body) return JSON.stringify({ padding: "x".repeat(body.oversized) });
  return JSON.stringify(resolveSeeds(body.json, pools)) ?? "null";
}

/** The security scheme the operation documents first (name and definition), if any. */
export function securityOf(doc: OpenApiDoc, op: Operation): { name: string; scheme: Record<string, any> } | undefined {
  const requirements: Record<string, string[]>[] = op.spec.security ?? doc.security ?? [];
  const name = requirements.map((r) => Object.keys(r)[0]).find(Boolean);
  const scheme = name ? doc.components?.securitySchemes?.[name] : undefined;
  return name && scheme ? { name, scheme } : undefined;
}

function credentialHeaders(doc: OpenApiDoc, op: Operation, c: FuzzCase, ctx: FuzzContext): Record<string, string> {
  const security = securityOf(doc, op);
  if (!security || c.auth === "none") return {};
  const list = ctx.credentials[security.name]?.[c.auth] ?? [];
  if (!list.length) return {};
  const credential = list[c.credential % list.length];
  const { scheme } = security;
  if (scheme.type === "apiKey" && scheme.in === "header") return { [String(scheme.name).toLowerCase()]: credential };
  if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") return { authorization: `Bearer ${credential}` };
  if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "basic") return { authorization: `Basic ${Buffer.from(credential).toString("base64")}` };
  return {};
}

/** The request a case stands for. */
export function materialise(doc: OpenApiDoc, op: Operation, c: FuzzCase, ctx: FuzzContext): FuzzRequest {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(asText(resolveSeeds(c.params[name], ctx.pools))));
  const search = new URLSearchParams(c.query.map(([key, value]) => [key, asText(resolveSeeds(value, ctx.pools))])).toString();
  const headers: Record<string, string> = { accept: "application/json", ...credentialHeaders(doc, op, c, ctx) };
  for (const [name, value] of Object.entries(c.headers)) if (value !== null) headers[name.toLowerCase()] = value;
  const request: FuzzRequest = { method: op.method, path: search ? `${path}?${search}` : path, headers };
  if (c.body !== undefined) {
    request.body = bodyText(c.body, ctx.pools);
    headers["content-type"] = "application/json";
  }
  return request;
}

/**
 * Sends `request` to `base` and reads the whole answer. A server that answers before
 * reading a large body (413) may reset the connection while it is still being sent:
 * the answer that came first counts.
 */
export function send(base: string, request: FuzzRequest, timeoutMs = 15_000): Promise<FuzzResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent: false, timeout: timeoutMs },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          let parsed = false;
          try {
            json = JSON.parse(text);
            parsed = true;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text, json, parsed });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}

/** Whether the operation documents `status` (exactly, as `4XX`, or through `default`). */
export function documentsStatus(op: Operation, status: number): string | undefined {
  const responses = op.spec.responses ?? {};
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return "default" in responses ? "default" : undefined;
}
