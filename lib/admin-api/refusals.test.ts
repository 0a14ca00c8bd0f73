/**
 * Every Admin API endpoint of this file's list refuses the same way: a revoked key, a key whose
 * creator was demoted, a missing anthropic-version, and (for changes) a read-only key, which
 * changes nothing. Each endpoint's own behaviour is tested in endpoints/*.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashInvitationToken } from "../invitations/token";
import { quietEmailLog } from "../invitations/test-helpers";
import { keyOfDemotedAdmin, teamSnapshot, teamWithKeys, type TeamWithKeys } from "./testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "./testing/start-admin-api";

let api: TestAdminApi;
let fx: TeamWithKeys;
let inviteId: string;
beforeAll(async () => {
  api = await startAdminApiServer();
  fx = await teamWithKeys();
  const invite = await db.invitation.create({
    data: { teamId: fx.team.id, email: "pending@example.test", role: "developer", tokenHash: hashInvitationToken(`t-${fx.team.id}`), invitedById: fx.members.owner.user.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  inviteId = invite.id;
});
afterAll(() => api.close());
beforeEach(() => {
  quietEmailLog();
});

type Call = { name: string; method: "GET" | "POST" | "DELETE"; path: () => string; body?: unknown; mutation: boolean };
const CALLS: Call[] = [
  { name: "get organization", method: "GET", path: () => "/v1/organizations/me", mutation: false },
  { name: "list users", method: "GET", path: () => "/v1/organizations/users", mutation: false },
  { name: "get user", method: "GET", path: () => `/v1/organizations/users/${fx.members.developer.user.id}`, mutation: false },
  { name: "update user", method: "POST", path: () => `/v1/organizations/users/${fx.members.developer.user.id}`, body: { role: "billing" }, mutation: true },
  { name: "remove user", method: "DELETE", path: () => `/v1/organizations/users/${fx.members.billing.user.id}`, mutation: true },
  { name: "create invite", method: "POST", path: () => "/v1/organizations/invites", body: { email: "new@example.test", role: "developer" }, mutation: true },
  { name: "list invites", method: "GET", path: () => "/v1/organizations/invites", mutation: false },
  { name: "get invite", method: "GET", path: () => `/v1/organizations/invites/${inviteId}`, mutation: false },
  { name: "delete invite", method: "DELETE", path: () => `/v1/organizations/invites/${inviteId}`, mutation: true },
  { name: "list audit log", method: "GET", path: () => "/v1/organizations/audit_log", mutation: false },
];

describe.each(CALLS)("$name ($method)", (call) => {
  const send = (key: string, headers: Record<string, string> = {}) => api.request(call.path(), { method: call.method, key, body: call.body, headers });

  it("refuses a revoked key, an expired key and a key whose creator was demoted with 401, changing nothing", async () => {
    const before = await teamSnapshot(fx.team.id);
    const demoted = await keyOfDemotedAdmin(fx.team.id);
    const expired = await db.adminKey.update({ where: { id: fx.keys.ownersAdmin.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    try {
      for (const secret of [fx.keys.revoked.secret, demoted.secret, fx.keys.ownersAdmin.secret]) {
        const res = await send(secret);
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ type: "error", error: { type: "authentication_error", message: expect.any(String) } });
      }
    } finally {
      await db.adminKey.update({ where: { id: expired.id }, data: { expiresAt: null } });
      await db.membership.deleteMany({ where: { teamId: fx.team.id, userId: demoted.key.createdById! } });
    }
    const after = await teamSnapshot(fx.team.id);
    expect(after.memberships).toEqual(before.memberships);
    expect(after.invitations).toEqual(before.invitations);
  });

  it("refuses a missing anthropic-version header with 400", async () => {
    const before = await teamSnapshot(fx.team.id);
    const res = await send(fx.keys.admin.secret, { "anthropic-version": "" });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ type: "invalid_request_error", message: expect.stringContaining("anthropic-version") });
    expect(await teamSnapshot(fx.team.id)).toEqual(before);
  });

  it(call.mutation ? "refuses a read-only key with 403, changing nothing" : "answers a read-only key", async () => {
    const before = await teamSnapshot(fx.team.id);
    const res = await send(fx.keys.readOnly.secret);
    if (call.mutation) {
      expect(res.status).toBe(403);
      expect(res.json.error.type).toBe("permission_error");
      expect(await teamSnapshot(fx.team.id)).toEqual(before);
    } else {
      expect(res.status).toBe(200);
    }
  });
});
