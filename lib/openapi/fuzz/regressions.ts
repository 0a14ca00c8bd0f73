/**
 * Requests the API fuzz once found a problem with, replayed first on every run
 * (fast-check `examples`), by operation id. Real ids are `{ $seed: "<pool>", n }`
 * (lib/openapi/fuzz/fuzz-seed.ts names the pools; n = -1 is the newest), so a case
 * works against fresh data.
 */
import type { FuzzCase } from "./arbitraries";

const VERSION = { "anthropic-version": "2023-06-01" };
const request = (c: Partial<FuzzCase>): FuzzCase => ({ auth: "valid", credential: 0, params: {}, query: [], headers: VERSION, mutations: [], ...c });

/** A cursor holding a NUL byte reached PostgreSQL, which refuses it in text: 500 (fixed in lib/admin-api/pagination.ts). */
const nulCursor = [request({ query: [["after_id", "a\u0000b"]] }), request({ query: [["before_id", "a\u0000b"]] })];
/** A model id holding a NUL byte reached PostgreSQL: 500 (fixed in lib/policy/schemas.ts). */
const nulModel = { policy: { allowed_models: ["a\u0000b"] } };

export const FUZZ_REGRESSIONS: Record<string, FuzzCase[]> = {
  listInvites: nulCursor,
  listAuditLog: nulCursor,
  listApiKeys: nulCursor,
  createApiKey: [request({ body: { json: { name: "Regression", environment: "production", ...nulModel } } })],
  updateApiKey: [request({ params: { api_key_id: { $seed: "api_key_id", n: -1 } }, body: { json: nulModel } })],
  // An event's keyId holding a NUL byte reached PostgreSQL: 500 (fixed in lib/api/usage-schema.ts).
  reportUsage: [request({ headers: {}, body: { json: { events: [{ keyId: "a\u0000b", status: 100, latencyMs: 0 }] } } })],
  // A live key reported with a NUL byte or half an emoji in `source`: the revocation failed to write it, 500 (fixed in lib/keys/leaked.ts).
  reportLeakedKeys: [
    request({ headers: {}, body: { json: [{ token: { $seed: "token", n: -1 }, type: "", url: "", source: "a\u0000b" }] } }),
    request({ headers: {}, body: { json: [{ token: { $seed: "key", n: -1 }, type: "", url: "", source: "\ud800" }] } }),
  ],
};
