import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responseValidator } from "../../openapi/testing/response-validator";
import { teamWithKeys } from "../testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

let api: TestAdminApi;
const validate = responseValidator();
beforeAll(async () => {
  api = await startAdminApiServer();
});
afterAll(() => api.close());

describe("GET /v1/organizations/me", () => {
  it("answers the key's own team to admin and read-only keys, as documented", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    for (const key of [fx.keys.admin.secret, fx.keys.readOnly.secret]) {
      const res = await api.request("/v1/organizations/me", { key });
      expect(res.status).toBe(200);
      expect(validate("GET", "/v1/organizations/me", 200, res.json)).toBeNull();
      expect(res.json).toEqual({ id: fx.team.id, type: "organization", name: fx.team.name, slug: fx.team.slug, created_at: fx.team.createdAt.toISOString() });
    }
    const theirs = await api.request("/v1/organizations/me", { key: other.keys.admin.secret });
    expect(theirs.json.id).toBe(other.team.id);
  });
});
