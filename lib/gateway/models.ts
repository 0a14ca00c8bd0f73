/**
 * GET /v1/models and GET /v1/models/{id}, answered by Gatehouse itself (no
 * upstream call): the catalogue's enabled models that the key may use, in
 * Anthropic's list shape, with its pagination (limit, after_id, before_id).
 *
 * Listing is free: the key must work (not revoked, expired or suspended) and
 * be used from an allowed address, the verify pipeline's own checks for those,
 * but it takes nothing from the rate limits, is not refused for a spent
 * budget, and records no event.
 */
import type http from "node:http";
import { z } from "zod";
import { findKeyBySecret, type KeyRow } from "../api/key-lookup";
import { parseKey } from "../keys/format";
import type { CatalogueModel } from "../pricing/catalogue";
import { CHECKS } from "../verify/checks";
import { isoAt } from "../verify/iso";
import { INVALID_KEY_MESSAGE, sendCodeError, sendGatewayError } from "./errors";
import { callerIp } from "./request";
import type { Gateway } from "./gateway";
import { newRequestId } from "./request-id";

const LIST_CHECKS = CHECKS.filter((c) => c.code === "REVOKED" || c.code === "EXPIRED" || c.code === "TEAM_SUSPENDED" || c.code === "IP_NOT_ALLOWED");

const listQuery = z.object({
  limit: z.coerce.number({ error: "limit: must be a whole number" }).int("limit: must be a whole number").min(1, "limit: at least 1").max(1000, "limit: at most 1000").default(20),
  after_id: z.string().max(200).optional(),
  before_id: z.string().max(200).optional(),
});

type ModelObject = { type: "model"; id: string; display_name: string; created_at: string };

const modelObject = (m: CatalogueModel): ModelObject => ({
  type: "model",
  id: m.id,
  display_name: m.displayName,
  created_at: isoAt(m.createdAt ?? 0).replace(/\.\d{3}Z$/, "Z"),
});

function sendJson(res: http.ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "request-id": newRequestId(),
  });
  res.end(text);
}

/** The enabled catalogue models this key may use, in the operator's order. */
function modelsFor(gateway: Gateway, row: KeyRow): CatalogueModel[] {
  const allowed = row.policy.allowedModels;
  const set = allowed === null ? null : new Set(allowed);
  return gateway.deps.catalogue.catalogue.list().filter((m) => m.enabled && (set === null || set.has(m.id)));
}

/** `id` null: the list (with the query string); otherwise one model. */
export function answerModels(gateway: Gateway, req: http.IncomingMessage, res: http.ServerResponse, key: string, id: string | null): void {
  if (parseKey(key) === null) return sendGatewayError(res, 401, "authentication_error", INVALID_KEY_MESSAGE);
  const now = Date.now();
  const found = findKeyBySecret(gateway.deps.store, key);
  const answer = (row: KeyRow | undefined) => {
    if (!row) return sendGatewayError(res, 401, "authentication_error", INVALID_KEY_MESSAGE);
    const ctx = { row, request: { key, ip: callerIp(req) }, now, catalogue: gateway.deps.catalogue.catalogue, spend: gateway.deps.spend };
    for (const check of LIST_CHECKS) {
      const refusal = check.run(ctx);
      if (refusal) return sendCodeError(res, refusal.code, refusal.message);
    }
    const models = modelsFor(gateway, row);
    if (id !== null) {
      const model = models.find((m) => m.id === id);
      if (!model) return sendGatewayError(res, 404, "not_found_error", `model: ${id.slice(0, 200)}`);
      return sendJson(res, modelObject(model));
    }
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const params = Object.fromEntries(new URLSearchParams(query === -1 ? "" : url.slice(query + 1)));
    const parsed = listQuery.safeParse(params);
    if (!parsed.success) return sendGatewayError(res, 400, "invalid_request_error", parsed.error.issues[0].message);
    sendJson(res, page(models.map(modelObject), parsed.data));
  };
  if (found instanceof Promise) {
    found.then(answer, (error) => {
      console.error("[gateway] model list failed", error);
      sendGatewayError(res, 500, "api_error", "Something went wrong on our side.");
    });
  } else answer(found);
}

/** Anthropic's cursor pagination: after_id / before_id exclude the named model; unknown ids give an empty page. */
function page(all: ModelObject[], { limit, after_id, before_id }: z.output<typeof listQuery>) {
  let from = 0;
  let to = all.length;
  if (after_id !== undefined) from = indexAfter(all, after_id);
  if (before_id !== undefined) {
    const at = all.findIndex((m) => m.id === before_id);
    to = at === -1 ? 0 : at;
    from = Math.max(from, to - limit);
  }
  const data = before_id !== undefined ? all.slice(from, to) : all.slice(from, Math.min(to, from + limit));
  const hasMore = before_id !== undefined ? from > 0 : from + data.length < to;
  return { data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: hasMore };
}

function indexAfter(all: ModelObject[], id: string): number {
  const at = all.findIndex((m) => m.id === id);
  return at === -1 ? all.length : at + 1;
}
