import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db";
import { quietEmailLog } from "../../invitations/test-helpers";
import { responseValidator } from "../../openapi/testing/response-validator";
import { makeUser } from "../../testing/factories";
import { teamSnapshot, teamWithKeys, type TeamWithKeys } from "../testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

let api: TestAdminApi;
const validate = responseValidator();
beforeAll(async () => {
  api = await startAdminApiServer();
});
afterAll(() => api.close());
beforeEach(() => {
  quietEmailLog();
});

const roleOf = async (teamId: string, userId: string) =>
  (await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } } }))?.role ?? null;

describe("GET /v1/organizations/users", () => {
  it("lists every member newest first, as documented", async () => {
    const fx = await teamWithKeys();
    const res = await api.request("/v1/organizations/users", { key: fx.keys.admin.secret });
    expect(res.status).toBe(200);
    expect(validate("GET", "/v1/organizations/users", 200, res.json)).toBeNull();
    expect(res.json.data.map((u: { email: string }) => u.email).sort()).toEqual(Object.values(fx.members).map((m) => m.user.email).sort());
    const owner = res.json.data.find((u: { id: string }) => u.id === fx.members.owner.user.id);
    expect(owner).toEqual({ id: fx.members.owner.user.id, type: "user", email: fx.members.owner.user.email, name: fx.members.owner.user.name, role: "owner", added_at: expect.any(String) });
    const times = res.json.data.map((u: { added_at: string }) => Date.parse(u.added_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters by email, whatever its case", async () => {
    const fx = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users?email=${encodeURIComponent(fx.members.developer.user.email.toUpperCase())}`, { key: fx.keys.readOnly.secret });
    expect(res.json.data.map((u: { id: string }) => u.id)).toEqual([fx.members.developer.user.id]);
    const none = await api.request("/v1/organizations/users?email=nobody%40example.test", { key: fx.keys.readOnly.secret });
    expect(none.json).toEqual({ data: [], first_id: null, last_id: null, has_more: false });
    expect((await api.request("/v1/organizations/users?email=not-an-address", { key: fx.keys.readOnly.secret })).status).toBe(400);
  });

  it("never lists another team's members", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const res = await api.request("/v1/organizations/users?limit=100", { key: other.keys.admin.secret });
    const ids = res.json.data.map((u: { id: string }) => u.id);
    for (const member of Object.values(fx.members)) expect(ids).not.toContain(member.user.id);
  });
});

describe("GET /v1/organizations/users/{user_id}", () => {
  it("answers the member, and 404 for someone of another team", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${fx.members.billing.user.id}`, { key: fx.keys.readOnly.secret });
    expect(res.status).toBe(200);
    expect(validate("GET", "/v1/organizations/users/{user_id}", 200, res.json)).toBeNull();
    expect(res.json).toMatchObject({ id: fx.members.billing.user.id, role: "billing" });
    const stranger = await api.request(`/v1/organizations/users/${other.members.billing.user.id}`, { key: fx.keys.readOnly.secret });
    expect(stranger.status).toBe(404);
    expect(stranger.json.error.type).toBe("not_found_error");
    expect((await api.request("/v1/organizations/users/not%20an%20id", { key: fx.keys.readOnly.secret })).status).toBe(400);
  });
});

describe("POST /v1/organizations/users/{user_id}", () => {
  it("changes a role as the admin key, audited with the key as the actor", async () => {
    const fx = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${fx.members.developer.user.id}`, { key: fx.keys.admin.secret, method: "POST", body: { role: "billing" } });
    expect(res.status).toBe(200);
    expect(validate("POST", "/v1/organizations/users/{user_id}", 200, res.json)).toBeNull();
    expect(res.json).toMatchObject({ id: fx.members.developer.user.id, type: "user", role: "billing" });
    expect(await roleOf(fx.team.id, fx.members.developer.user.id)).toBe("billing");

    const log = await api.request("/v1/organizations/audit_log?action=member.role_changed", { key: fx.keys.readOnly.secret });
    expect(log.json.data).toHaveLength(1);
    expect(log.json.data[0]).toMatchObject({
      action: "member.role_changed",
      actor: { type: "admin_key", id: fx.keys.admin.id, name: "Provisioning" },
      target: { type: "member", id: fx.members.developer.user.id, label: fx.members.developer.user.email },
      details: { from: "developer", to: "billing" },
    });
  });

  it("never touches an owner or makes one, even with a key an owner created", async () => {
    const fx = await teamWithKeys();
    const before = await teamSnapshot(fx.team.id);
    for (const key of [fx.keys.admin.secret, fx.keys.ownersAdmin.secret]) {
      const demote = await api.request(`/v1/organizations/users/${fx.members.owner.user.id}`, { key, method: "POST", body: { role: "developer" } });
      expect(demote.status).toBe(403);
      expect(demote.json.error.type).toBe("permission_error");
      const promote = await api.request(`/v1/organizations/users/${fx.members.developer.user.id}`, { key, method: "POST", body: { role: "owner" } });
      expect(promote.status).toBe(403);
    }
    expect(await teamSnapshot(fx.team.id)).toEqual(before);
  });

  it("answers 404 for a member of another team, changing nothing there", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${other.members.developer.user.id}`, { key: fx.keys.admin.secret, method: "POST", body: { role: "billing" } });
    expect(res.status).toBe(404);
    expect(await roleOf(other.team.id, other.members.developer.user.id)).toBe("developer");
  });

  it.each([
    ["malformed JSON", "{role:", /not valid JSON/],
    ["no body", undefined, /role/],
    ["an unknown role", { role: "superuser" }, /^role: Must be one of/],
    ["an unknown field", { role: "billing", admin: true }, /admin/],
    ["an array", [1, 2], /object/],
  ])("refuses %s with 400 invalid_request_error", async (_name, body, message) => {
    const fx = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${fx.members.developer.user.id}`, { key: fx.keys.admin.secret, method: "POST", body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ type: "error", error: { type: "invalid_request_error", message: expect.stringMatching(message) } });
    expect(await roleOf(fx.team.id, fx.members.developer.user.id)).toBe("developer");
  });

  it("refuses a body over 1 MiB with 413 request_too_large", async () => {
    const fx = await teamWithKeys();
    const body = JSON.stringify({ role: "billing", padding: "x".repeat(1024 * 1024) });
    const res = await api.request(`/v1/organizations/users/${fx.members.developer.user.id}`, { key: fx.keys.admin.secret, method: "POST", body });
    expect(res.status).toBe(413);
    expect(res.json.error.type).toBe("request_too_large");
  });
});

describe("DELETE /v1/organizations/users/{user_id}", () => {
  it("removes a member as the admin key, audited with the key as the actor", async () => {
    const fx = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${fx.members.billing.user.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: fx.members.billing.user.id, type: "user_deleted" });
    expect(validate("DELETE", "/v1/organizations/users/{user_id}", 200, res.json)).toBeNull();
    expect(await roleOf(fx.team.id, fx.members.billing.user.id)).toBeNull();
    const entry = await db.auditLog.findFirstOrThrow({ where: { teamId: fx.team.id, action: "member.removed" } });
    expect(entry).toMatchObject({ actorId: null, actorAdminKeyId: fx.keys.admin.id, targetId: fx.members.billing.user.id });
    const again = await api.request(`/v1/organizations/users/${fx.members.billing.user.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(again.status).toBe(404);
  });

  it("never removes an owner, and a removed member's own key stops working", async () => {
    const fx = await teamWithKeys();
    const owner = await api.request(`/v1/organizations/users/${fx.members.owner.user.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(owner.status).toBe(403);
    expect(owner.json.error.type).toBe("permission_error");
    expect(await roleOf(fx.team.id, fx.members.owner.user.id)).toBe("owner");
    // A key an owner created acts as an admin too: it cannot remove another owner.
    const second = await makeUser("owner2");
    await db.membership.create({ data: { teamId: fx.team.id, userId: second.id, role: "owner" } });
    const other = await api.request(`/v1/organizations/users/${second.id}`, { key: fx.keys.ownersAdmin.secret, method: "DELETE" });
    expect(other.status).toBe(403);
    expect(await roleOf(fx.team.id, second.id)).toBe("owner");

    // The owner's admin-role key removes the admin who created the other admin key: that key dies with them.
    const removed = await api.request(`/v1/organizations/users/${fx.members.admin.user.id}`, { key: fx.keys.ownersAdmin.secret, method: "DELETE" });
    expect(removed.status).toBe(200);
    expect((await api.request("/v1/organizations/me", { key: fx.keys.admin.secret })).status).toBe(401);
  });

  it("answers 404 for a member of another team", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const res = await api.request(`/v1/organizations/users/${other.members.billing.user.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(res.status).toBe(404);
    expect(await roleOf(other.team.id, other.members.billing.user.id)).toBe("billing");
  });
});
