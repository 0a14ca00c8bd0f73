/**
 * Every list the Admin API answers, called live with data in it, matches the schema the
 * OpenAPI document gives for it (ajv): the document describes what the server really sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_ENDPOINTS } from "../admin-api/endpoints";
import { teamWithKeys, type TeamWithKeys } from "../admin-api/testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "../admin-api/testing/start-admin-api";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { hashInvitationToken } from "../invitations/token";
import { buildOpenApiDocument } from "./document";
import { responseValidator } from "./testing/response-validator";

const doc: any = buildOpenApiDocument();
const validate = responseValidator(doc);
let api: TestAdminApi;
let fx: TeamWithKeys;

beforeAll(async () => {
  api = await startAdminApiServer();
  fx = await teamWithKeys();
  await createTestKey(fx.team.id, { name: "live" });
  await createTestKey(fx.team.id, { name: "gone", revokedAt: new Date() });
  await db.invitation.create({
    data: { teamId: fx.team.id, email: "live-answers@example.test", role: "billing", tokenHash: hashInvitationToken(`live-${fx.team.id}`), invitedById: fx.members.owner.user.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  // An audited change through the API, so the audit log holds an admin key's entry.
  const changed = await api.request(`/v1/organizations/users/${fx.members.billing.user.id}`, { key: fx.keys.admin.secret, method: "POST", body: { role: "developer" } });
  expect(changed.status).toBe(200);
});
afterAll(() => api.close());

/** The GET endpoints without path parameters: the lists and reports. */
const LISTS = ADMIN_ENDPOINTS.filter((e) => e.method === "GET" && !e.path.includes("{"));

/** Required query parameters, from the document (reports need a start). */
function requiredQuery(path: string): string {
  const params: any[] = doc.paths[path].get.parameters ?? [];
  const required = params.filter((p) => p.in === "query" && p.required);
  const values = required.map((p) => {
    if (p.name === "starting_at") return `starting_at=${encodeURIComponent(new Date(Date.now() - 3 * 86_400_000).toISOString())}`;
    throw new Error(`no value for the required query parameter ${p.name} of ${path}`);
  });
  return values.length ? `?${values.join("&")}` : "";
}

describe("live Admin API answers match the document", () => {
  it("covers every list", () => {
    expect(LISTS.map((e) => e.path)).toEqual(expect.arrayContaining(["/v1/organizations/users", "/v1/organizations/invites", "/v1/organizations/audit_log"]));
  });

  it.each(LISTS.map((e) => [e.path, e] as const))("GET %s", async (path) => {
    const res = await api.request(path + requiredQuery(path), { key: fx.keys.readOnly.secret });
    expect(res.status, res.text).toBe(200);
    expect(validate("GET", path, 200, res.json)).toBeNull();
    if ("data" in res.json && "has_more" in res.json) expect(res.json.data.length).toBeGreaterThan(0);
  });

  it("errors match the AdminError schema", async () => {
    const res = await api.request("/v1/organizations/users/nobody", { key: fx.keys.readOnly.secret });
    expect(res.status).toBe(404);
    expect(validate("GET", "/v1/organizations/users/{user_id}", 404, res.json)).toBeNull();
  });
});
