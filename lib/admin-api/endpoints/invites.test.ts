import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../db";
import { startTestSmtpServer } from "../../email/test-smtp-server";
import { resetInvitationLimits } from "../../invitations/test-helpers";
import { hashInvitationToken } from "../../invitations/token";
import { responseValidator } from "../../openapi/testing/response-validator";
import { teamSnapshot, teamWithKeys } from "../testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

let api: TestAdminApi;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
const validate = responseValidator();
beforeAll(async () => {
  api = await startAdminApiServer();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await api.close();
  await smtp.close();
});
beforeEach(async () => {
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(smtp.port));
  vi.stubEnv("APP_URL", "https://portal.example.test");
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

let counter = 0;
const address = () => `invitee-${Date.now().toString(36)}-${counter++}@example.test`;

async function invite(teamId: string, inviterId: string, data: { email?: string; role?: string; createdAt?: Date; expiresAt?: Date; acceptedAt?: Date; revokedAt?: Date } = {}) {
  return db.invitation.create({
    data: {
      teamId,
      email: data.email ?? address(),
      role: data.role ?? "developer",
      tokenHash: hashInvitationToken(`${teamId}-${counter++}-${Math.random()}`),
      invitedById: inviterId,
      createdAt: data.createdAt,
      expiresAt: data.expiresAt ?? new Date(Date.now() + 86_400_000),
      acceptedAt: data.acceptedAt,
      revokedAt: data.revokedAt,
    },
  });
}

describe("POST /v1/organizations/invites", () => {
  it("invites as the admin key, sends the email and audits the key as the actor", async () => {
    const fx = await teamWithKeys();
    const email = address();
    const res = await api.request("/v1/organizations/invites", { key: fx.keys.admin.secret, method: "POST", body: { email: email.toUpperCase(), role: "developer", message: "Welcome to the team!" } });
    expect(res.status).toBe(200);
    expect(validate("POST", "/v1/organizations/invites", 200, res.json)).toBeNull();
    expect(res.json).toMatchObject({ type: "invite", email, role: "developer", message: "Welcome to the team!", status: "pending" });
    expect(Date.parse(res.json.expires_at)).toBeGreaterThan(Date.now());

    const mail = smtp.messages.find((m) => m.to.includes(email));
    expect(mail?.body).toContain("Welcome to the team!");
    expect(mail?.body).toMatch(/https:\/\/portal\.example\.test\/invite\/[A-Za-z0-9_-]{43}/);

    const row = await db.invitation.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.invitedById).toBe(fx.members.admin.user.id);
    const entry = await db.auditLog.findFirstOrThrow({ where: { teamId: fx.team.id, action: "member.invited" } });
    expect(entry).toMatchObject({ actorId: null, actorAdminKeyId: fx.keys.admin.id, actorEmail: 'admin key "Provisioning"', targetId: row.id });
  });

  it("cannot invite an owner, even with a key an owner created", async () => {
    const fx = await teamWithKeys();
    const before = await teamSnapshot(fx.team.id);
    const tried: string[] = [];
    for (const key of [fx.keys.admin.secret, fx.keys.ownersAdmin.secret]) {
      tried.push(address());
      const res = await api.request("/v1/organizations/invites", { key, method: "POST", body: { email: tried.at(-1), role: "owner" } });
      expect(res.status).toBe(403);
      expect(res.json.error).toEqual({ type: "permission_error", message: "Only owners can invite someone as an owner." });
    }
    expect(await teamSnapshot(fx.team.id)).toEqual(before);
    expect(smtp.messages.filter((m) => m.to.some((to) => tried.includes(to)))).toEqual([]);
  });

  it("refuses a member or an address already invited with 409", async () => {
    const fx = await teamWithKeys();
    const member = await api.request("/v1/organizations/invites", { key: fx.keys.admin.secret, method: "POST", body: { email: fx.members.developer.user.email, role: "billing" } });
    expect(member.status).toBe(409);
    expect(member.json.error.type).toBe("invalid_request_error");
    const email = address();
    expect((await api.request("/v1/organizations/invites", { key: fx.keys.admin.secret, method: "POST", body: { email, role: "billing" } })).status).toBe(200);
    const twice = await api.request("/v1/organizations/invites", { key: fx.keys.admin.secret, method: "POST", body: { email, role: "billing" } });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/pending invitation/);
  });

  it.each([
    ["an invalid address", { email: "not-an-address", role: "developer" }, /^email: /],
    ["no role", { email: "a@example.test" }, /^role: /],
    ["a message over 500 characters", { email: "a@example.test", role: "developer", message: "x".repeat(501) }, /^message: /],
    ["an unknown field", { email: "a@example.test", role: "developer", teamId: "x" }, /teamId/],
    ["malformed JSON", '{"email":', /not valid JSON/],
  ])("refuses %s with 400", async (_name, body, message) => {
    const fx = await teamWithKeys();
    const res = await api.request("/v1/organizations/invites", { key: fx.keys.admin.secret, method: "POST", body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ type: "error", error: { type: "invalid_request_error", message: expect.stringMatching(message) } });
    expect(await db.invitation.count({ where: { teamId: fx.team.id } })).toBe(0);
  });
});

describe("GET /v1/organizations/invites", () => {
  it("lists pending invites by default and each status on request, as documented", async () => {
    const fx = await teamWithKeys();
    const owner = fx.members.owner.user.id;
    const pending = await invite(fx.team.id, owner);
    const expired = await invite(fx.team.id, owner, { expiresAt: new Date(Date.now() - 1000) });
    const accepted = await invite(fx.team.id, owner, { acceptedAt: new Date() });
    const deleted = await invite(fx.team.id, owner, { revokedAt: new Date() });
    const expected = { pending, expired, accepted, deleted };

    const byDefault = await api.request("/v1/organizations/invites", { key: fx.keys.readOnly.secret });
    expect(byDefault.json.data.map((i: { id: string }) => i.id)).toEqual([pending.id]);
    for (const [status, row] of Object.entries(expected)) {
      const res = await api.request(`/v1/organizations/invites?status=${status}`, { key: fx.keys.readOnly.secret });
      expect(res.status).toBe(200);
      expect(validate("GET", "/v1/organizations/invites", 200, res.json)).toBeNull();
      expect(res.json.data).toEqual([expect.objectContaining({ id: row.id, status })]);
    }
    expect((await api.request("/v1/organizations/invites?status=lost", { key: fx.keys.readOnly.secret })).status).toBe(400);
  });

  it("never lists another team's invites", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    await invite(other.team.id, other.members.owner.user.id);
    const res = await api.request("/v1/organizations/invites", { key: fx.keys.readOnly.secret });
    expect(res.json.data).toEqual([]);
  });
});

describe("GET /v1/organizations/invites/{invite_id}", () => {
  it("answers the invite, and 404 for another team's", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const mine = await invite(fx.team.id, fx.members.owner.user.id, { role: "billing" });
    const theirs = await invite(other.team.id, other.members.owner.user.id);
    const res = await api.request(`/v1/organizations/invites/${mine.id}`, { key: fx.keys.readOnly.secret });
    expect(res.status).toBe(200);
    expect(validate("GET", "/v1/organizations/invites/{invite_id}", 200, res.json)).toBeNull();
    expect(res.json).toEqual({
      id: mine.id,
      type: "invite",
      email: mine.email,
      role: "billing",
      message: "",
      invited_at: mine.createdAt.toISOString(),
      expires_at: mine.expiresAt.toISOString(),
      status: "pending",
    });
    const stranger = await api.request(`/v1/organizations/invites/${theirs.id}`, { key: fx.keys.readOnly.secret });
    expect(stranger.status).toBe(404);
    expect(stranger.json.error.type).toBe("not_found_error");
  });
});

describe("DELETE /v1/organizations/invites/{invite_id}", () => {
  it("revokes the invite once, audited with the key as the actor; deleting again is harmless", async () => {
    const fx = await teamWithKeys();
    const row = await invite(fx.team.id, fx.members.owner.user.id);
    const res = await api.request(`/v1/organizations/invites/${row.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: row.id, type: "invite_deleted" });
    expect(validate("DELETE", "/v1/organizations/invites/{invite_id}", 200, res.json)).toBeNull();
    expect((await db.invitation.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    const again = await api.request(`/v1/organizations/invites/${row.id}`, { key: fx.keys.admin.secret, method: "DELETE" });
    expect(again.status).toBe(200);
    const entries = await db.auditLog.findMany({ where: { teamId: fx.team.id, action: "invitation.revoked" } });
    expect(entries).toEqual([expect.objectContaining({ actorAdminKeyId: fx.keys.admin.id, targetId: row.id })]);
    const listed = await api.request("/v1/organizations/invites?status=deleted", { key: fx.keys.admin.secret });
    expect(listed.json.data.map((i: { id: string }) => i.id)).toEqual([row.id]);
  });

  it("refuses an accepted invite with 409 and another team's with 404", async () => {
    const fx = await teamWithKeys();
    const other = await teamWithKeys();
    const accepted = await invite(fx.team.id, fx.members.owner.user.id, { acceptedAt: new Date() });
    const theirs = await invite(other.team.id, other.members.owner.user.id);
    expect((await api.request(`/v1/organizations/invites/${accepted.id}`, { key: fx.keys.admin.secret, method: "DELETE" })).status).toBe(409);
    expect((await api.request(`/v1/organizations/invites/${theirs.id}`, { key: fx.keys.admin.secret, method: "DELETE" })).status).toBe(404);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
  });
});
