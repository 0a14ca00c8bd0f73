import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminApiServer, type TestAdminApi } from "../admin-api/testing/start-admin-api";

let api: TestAdminApi;
beforeAll(async () => {
  api = await startAdminApiServer();
});
afterAll(() => api.close());

describe("GET /api/openapi.json", () => {
  it("serves the document to anyone, cacheable, and answers 304 to its etag", async () => {
    const res = await fetch(`${api.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/v1/organizations/users"]).toBeDefined();
    const again = await fetch(`${api.url}/api/openapi.json`, { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("refuses other methods", async () => {
    const res = await fetch(`${api.url}/api/openapi.json`, { method: "POST" });
    expect(res.status).toBe(405);
  });
});
