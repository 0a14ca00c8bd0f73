import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "../../audit/record";
import { db } from "../../db";
import { quietEmailLog } from "../../invitations/test-helpers";
import { responseValidator } from "../../openapi/testing/response-validator";
import { teamWithKeys, type TeamWithKeys } from "../testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

let api: TestAdminApi;
let fx: TeamWithKeys;
const validate = responseValidator();
beforeAll(async () => {
  api = await startAdminApiServer();
  fx = await teamWithKeys();
  // One change by a person in the console, one through the Admin API.
  await db.$transaction((tx) =>
    recordAudit(tx, fx.members.owner.actor, { teamId: fx.team.id, action: "team.updated", targetType: "team", targetId: fx.team.id, targetLabel: fx.team.name, metadata: { name: "Acme" } }),
  );
});
afterAll(() => api.close());
beforeEach(() => {
  quietEmailLog();
});

const log = (query = "", key = fx.keys.readOnly.secret) => api.request(`/v1/organizations/audit_log${query}`, { key });

describe("GET /v1/organizations/audit_log", () => {
  it("shows a change made through the API with the admin key as the actor, and a person's with their address", async () => {
    const change = await api.request(`/v1/organizations/users/${fx.members.developer.user.id}`, { key: fx.keys.admin.secret, method: "POST", body: { role: "billing" }, headers: { "user-agent": "provisioner/1.0" } });
    expect(change.status).toBe(200);
    const res = await log();
    expect(res.status).toBe(200);
    expect(validate("GET", "/v1/organizations/audit_log", 200, res.json)).toBeNull();
    const [newest, older] = res.json.data;
    expect(newest).toEqual({
      id: expect.any(String),
      type: "audit_log_entry",
      action: "member.role_changed",
      actor: { type: "admin_key", id: fx.keys.admin.id, name: "Provisioning" },
      target: { type: "member", id: fx.members.developer.user.id, label: fx.members.developer.user.email },
      details: { from: "developer", to: "billing" },
      ip: "127.0.0.1",
      user_agent: "provisioner/1.0",
      created_at: expect.any(String),
    });
    expect(older).toMatchObject({ action: "team.updated", actor: { type: "user", id: fx.members.owner.user.id, email: fx.members.owner.user.email } });
  });

  it("filters by action and by actor (a user's or an admin key's id)", async () => {
    const byAction = await log("?action=team.updated");
    expect(byAction.json.data.map((e: { action: string }) => e.action)).toEqual(["team.updated"]);
    const byKey = await log(`?actor_id=${fx.keys.admin.id}`);
    expect(byKey.json.data.length).toBeGreaterThan(0);
    expect(byKey.json.data.every((e: { actor: { id: string } }) => e.actor.id === fx.keys.admin.id)).toBe(true);
    const byUser = await log(`?actor_id=${fx.members.owner.user.id}`);
    expect(byUser.json.data.map((e: { action: string }) => e.action)).toEqual(["team.updated"]);
    const nobody = await log(`?actor_id=${fx.members.billing.user.id}`);
    expect(nobody.json).toEqual({ data: [], first_id: null, last_id: null, has_more: false });
    const unknown = await log("?action=team.exploded");
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/^action: /);
  });

  it("never shows another team's entries", async () => {
    const other = await teamWithKeys();
    const res = await log("", other.keys.readOnly.secret);
    expect(res.json.data).toEqual([]);
  });
});
