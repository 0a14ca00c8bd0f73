import type http from "node:http";
import { z } from "zod";
import { BodyError, MAX_BODY_BYTES, readJson } from "../api/http";
import { countWhenClosed } from "../metrics/requests";
import { describeRequest, isClientGone, noteClientGone } from "../server/client-gone";
import { authenticateAdminRequest } from "./auth";
import type { AdminEndpoint } from "./define";
import { ADMIN_ENDPOINTS } from "./endpoints";
import { AdminApiError, errorAnswer, newRequestId, sendAdminError, sendAdminJson, summariseIssues } from "./errors";

type Compiled = { endpoint: AdminEndpoint; pattern: RegExp; names: string[] };

/** `/v1/organizations/users/{user_id}` → a pattern capturing each `{param}` as one path segment. */
export function compilePath(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

let compiled: Compiled[] | undefined;
function routes(): Compiled[] {
  return (compiled ??= ADMIN_ENDPOINTS.map((endpoint) => ({ endpoint, ...compilePath(endpoint.path) })));
}

/** The endpoint for a method and path, or why there is none (404 unknown path, 405 known path). */
export function matchEndpoint(method: string, path: string): { endpoint: AdminEndpoint; params: Record<string, string> } | 404 | 405 {
  let pathKnown = false;
  for (const { endpoint, pattern, names } of routes()) {
    const match = pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (endpoint.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = safeDecode(match[i + 1]);
    });
    return { endpoint, params };
  }
  return pathKnown ? 405 : 404;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Unwraps optional/default/nullable/pipe layers to see whether a query field takes an array. */
function takesArray(schema: z.ZodType | undefined): boolean {
  let current: any = schema;
  for (let i = 0; i < 10 && current; i++) {
    if (current instanceof z.ZodArray) return true;
    const def = current._zod?.def ?? current.def;
    current = def?.innerType ?? def?.in ?? def?.schema;
  }
  return false;
}

/** `a[]=1&a[]=2`, `a=1&a=2` → `{ a: ["1","2"] }`; one value stays a string unless the field takes an array. */
export function parseQuery(search: string, schema?: z.ZodObject<any>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    const seen = out[key];
    if (seen === undefined) out[key] = rawKey.endsWith("[]") ? [value] : value;
    else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  for (const key of Object.keys(out)) {
    const value = out[key];
    const field = schema?.shape[key] as z.ZodType | undefined;
    if (!Array.isArray(value) && takesArray(field)) out[key] = [value];
    else if (Array.isArray(value) && value.length === 1 && field && !takesArray(field)) out[key] = value[0];
  }
  return out;
}

function validate<S extends z.ZodType>(schema: S | undefined, input: unknown): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AdminApiError(400, "invalid_request_error", summariseIssues(parsed.error.issues));
  return parsed.data;
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const length = req.headers["content-length"];
  if ((length === undefined || length === "0") && !req.headers["transfer-encoding"]) return {};
  try {
    return await readJson(req, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.status === 413) throw new AdminApiError(413, "request_too_large", error.message, { connection: "close" });
    throw new AdminApiError(400, "invalid_request_error", error.message);
  }
}

/** Every request under /v1/organizations/: match, authenticate, validate, call the handler, answer JSON. */
export function handleAdminApiRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const requestId = newRequestId();
  res.setHeader("request-id", requestId);
  countWhenClosed(res, "admin_api");
  answer(req, res).catch((error) => {
    if (isClientGone(error, req)) {
      noteClientGone(describeRequest(req));
      res.destroy();
      return;
    }
    const reply = errorAnswer(error);
    if (reply.internal) console.error(`[admin-api] ${req.method} ${req.url?.split("?")[0]} failed (${requestId})`, error);
    if (res.headersSent) res.end();
    else sendAdminError(res, reply.status, reply.type, reply.message, reply.headers);
  });
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const found = matchEndpoint(req.method ?? "GET", path);
  if (found === 404) throw new AdminApiError(404, "not_found_error", "No such Admin API endpoint.");
  if (found === 405) throw new AdminApiError(405, "invalid_request_error", `Method ${req.method} is not allowed for this endpoint.`);
  const { endpoint } = found;
  const { actor, teamId } = await authenticateAdminRequest(req);
  // The services refuse too (lib/permissions.ts adminKeyCan); refusing here first answers 403 before any lookup or body.
  if (!endpoint.readOnly && actor.adminKey?.role === "read-only") throw new AdminApiError(403, "permission_error", "This admin key is read-only.");
  const params = validate(endpoint.params, found.params);
  const query = validate(endpoint.query, parseQuery(q === -1 ? "" : url.slice(q + 1), endpoint.query));
  const body = endpoint.method === "POST" && endpoint.body ? validate(endpoint.body, await readBody(req)) : undefined;
  const result = await endpoint.handler({ actor, teamId, params, query, body, req });
  sendAdminJson(res, 200, result);
}
