import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { AppError } from "../errors";
import { errorAnswer } from "./errors";
import { compilePath, parseQuery } from "./router";
import { createAdminKey, startAdminApiServer, type TestAdminApi } from "./testing/start-admin-api";
import { z } from "zod";

let api: TestAdminApi;
beforeAll(async () => {
  api = await startAdminApiServer();
});
afterAll(() => api.close());

describe("Admin API router", () => {
  it("answers /v1/organizations/me for a live admin key", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { secret } = await createAdminKey(team.id, members.owner.user.id, "read-only");
    const res = await api.request("/v1/organizations/me", { key: secret });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: team.id, type: "organization", name: team.name, slug: team.slug, created_at: team.createdAt.toISOString() });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });

  it("refuses a missing anthropic-version, an unknown key, an unknown path and a wrong method", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { secret } = await createAdminKey(team.id, members.owner.user.id);
    const noVersion = await api.request("/v1/organizations/me", { key: secret, headers: { "anthropic-version": "" } });
    expect(noVersion.status).toBe(400);
    expect(noVersion.json.error.type).toBe("invalid_request_error");
    const unknown = await api.request("/v1/organizations/me", { key: "gk_admin_nope" });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ type: "error", error: { type: "authentication_error", message: expect.any(String) } });
    expect((await api.request("/v1/organizations/nothing-here", { key: secret })).status).toBe(404);
    const wrongMethod = await api.request("/v1/organizations/me", { key: secret, method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json.error.type).toBe("invalid_request_error");
  });

  it("stops a key once its creator is no longer an owner or admin", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const { secret } = await createAdminKey(team.id, members.admin.user.id);
    expect((await api.request("/v1/organizations/me", { key: secret })).status).toBe(200);
    await db.membership.update({ where: { teamId_userId: { teamId: team.id, userId: members.admin.user.id } }, data: { role: "developer" } });
    expect((await api.request("/v1/organizations/me", { key: secret })).status).toBe(401);
  });
});

describe("path and query parsing", () => {
  it("captures {param} segments", () => {
    const { pattern, names } = compilePath("/v1/organizations/users/{user_id}");
    expect(names).toEqual(["user_id"]);
    expect(pattern.exec("/v1/organizations/users/abc")?.[1]).toBe("abc");
    expect(pattern.test("/v1/organizations/users/abc/def")).toBe(false);
  });

  it("normalises x[] and repeated keys, and wraps one value for array fields", () => {
    const schema = z.object({ group_by: z.array(z.string()).optional(), limit: z.string() });
    expect(parseQuery("group_by[]=a&group_by[]=b&limit=2", schema)).toEqual({ group_by: ["a", "b"], limit: "2" });
    expect(parseQuery("group_by=a&group_by=b", schema)).toEqual({ group_by: ["a", "b"] });
    expect(parseQuery("group_by=a", schema)).toEqual({ group_by: ["a"] });
    expect(parseQuery("limit=1&limit=2", schema)).toEqual({ limit: ["1", "2"] });
  });
});

describe("errorAnswer", () => {
  it("maps application errors to Anthropic's types and hides anything else behind a 500", () => {
    expect(errorAnswer(new AppError("CONFLICT", "Already pending."))).toMatchObject({ status: 409, type: "invalid_request_error", message: "Already pending.", internal: false });
    expect(errorAnswer(new AppError("FORBIDDEN", "No."))).toMatchObject({ status: 403, type: "permission_error" });
    expect(errorAnswer(new AppError("RATE_LIMITED", "Later."))).toMatchObject({ status: 429, type: "rate_limit_error" });
    const hidden = errorAnswer(new Error("connect ECONNREFUSED postgres://gatehouse:secret@db"));
    expect(hidden).toEqual({ status: 500, type: "api_error", message: "Internal server error", headers: {}, internal: true });
    expect(errorAnswer(new AppError("INTERNAL", "stack trace here"))).toMatchObject({ status: 500, message: "Internal server error" });
  });
});
