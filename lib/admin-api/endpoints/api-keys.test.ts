import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type TestApi } from "../../api/test-helpers";
import { db } from "../../db";
import { createApiKey } from "../../keys/create";
import { parseKey } from "../../keys/format";
import { listApiKeys } from "../../keys/queries";
import { responseValidator } from "../../openapi/testing/response-validator";
import { makeTeam } from "../../testing/factories";
import { createAdminKey, startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

const KEYS = "/v1/organizations/api_keys";
let admin: TestAdminApi;
let api: TestApi;
const validate = responseValidator();

beforeAll(async () => {
  admin = await startAdminApiServer();
  api = await startApiServer();
});
afterAll(async () => {
  await admin.close();
  await api.close();
});

async function setup() {
  const ctx = await makeTeam(["owner", "developer"]);
  const adminKey = await createAdminKey(ctx.team.id, ctx.members.owner.user.id, "admin", { name: "Terraform" });
  const readOnly = await createAdminKey(ctx.team.id, ctx.members.owner.user.id, "read-only");
  const devKey = await createApiKey(ctx.members.developer.actor, { teamId: ctx.team.id, name: "dev laptop", environment: "development", expiry: "never" });
  return { ...ctx, adminKey, readOnly, devKey: devKey.key };
}

async function verify(secret: string) {
  const res = await api.post("/api/v1/keys/verify", { key: secret, ip: "10.1.2.3" });
  return (await res.json()) as { valid: boolean; code: string; keyId?: string };
}

/** The answer, checked against the OpenAPI document. */
async function call(method: "GET" | "POST", docPath: string, url: string, key: string, body?: unknown) {
  const res = await admin.request(url, { method, key, body });
  expect(validate(method, docPath, res.status, res.json)).toBeNull();
  return res;
}

describe("POST /v1/organizations/api_keys", () => {
  it("creates a key whose secret works, shown once, made by the admin key for its creator, audited and queued for webhooks", async () => {
    const { team, members, adminKey } = await setup();
    await db.webhookEndpoint.create({ data: { teamId: team.id, url: "https://hooks.example.test/in" } });
    const res = await call("POST", KEYS, KEYS, adminKey.secret, {
      name: "payments",
      environment: "production",
      expires_in_days: 45,
      policy: { allowed_models: null, rpm_limit: 600, monthly_budget_usd: "12.50", ip_allowlist: ["10.0.0.0/8"] },
    });
    expect(res.status).toBe(200);
    const key = res.json;
    expect(parseKey(key.secret)).toEqual({ environment: "production" });
    expect(key).toMatchObject({
      type: "api_key",
      name: "payments",
      environment: "production",
      status: "active",
      created_by: { type: "admin_key", id: adminKey.id },
      rotated_to_id: null,
      revoked_at: null,
      policy: { allowed_models: null, rpm_limit: 600, tpm_limit: null, monthly_budget_usd: "12.5", ip_allowlist: ["10.0.0.0/8"] },
    });
    expect(key.partial_key_hint).toBe(`${key.secret.slice(0, 12)}…${key.secret.slice(-4)}`);
    const expires = Date.parse(key.expires_at) - Date.parse(key.created_at);
    expect(Math.round(expires / 86_400_000)).toBe(45);

    expect(await verify(key.secret)).toMatchObject({ valid: true, code: "VALID", keyId: key.id });
    // Never again: the get answers metadata only.
    const again = await call("GET", `${KEYS}/{api_key_id}`, `${KEYS}/${key.id}`, adminKey.secret);
    expect(again.json.secret).toBeUndefined();
    expect(again.text).not.toContain(key.secret.slice(12, -4));

    // The console's list shows it, created by the admin key's creator.
    const listed = (await listApiKeys(members.owner.actor, team.id)).find((k) => k.id === key.id);
    expect(listed?.createdBy?.id).toBe(members.owner.user.id);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ createdById: members.owner.user.id, createdByAdminKeyId: adminKey.id });

    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "key.created", targetId: key.id } });
    expect(audit).toMatchObject({ actorId: null, actorAdminKeyId: adminKey.id, actorEmail: 'admin key "Terraform"' });
    const event = await db.webhookEvent.findFirstOrThrow({ where: { teamId: team.id, type: "api_key.created" } });
    expect(JSON.parse(event.payload).data).toMatchObject({ target: { id: key.id }, actor: { type: "admin_key", id: adminKey.id } });
  });

  it("never expires without an expiry, takes expires_at, and refuses both, a bad policy or a past date, creating nothing", async () => {
    const { team, adminKey } = await setup();
    const never = await call("POST", KEYS, KEYS, adminKey.secret, { name: "forever", environment: "development" });
    expect(never.json).toMatchObject({ expires_at: null, environment: "development" });
    expect(parseKey(never.json.secret)).toEqual({ environment: "development" });
    const at = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect((await call("POST", KEYS, KEYS, adminKey.secret, { name: "dated", environment: "production", expires_at: at })).json.expires_at).toBe(at);

    const before = await db.apiKey.count({ where: { teamId: team.id } });
    const bad = [
      { name: "x", environment: "production", expires_in_days: 30, expires_at: at },
      { name: "x", environment: "staging" },
      { name: "x", environment: "production", policy: { rpm_limit: 0 } },
      { name: "x", environment: "production", policy: { allowed_models: ["no-such-model"] } },
      { name: "x", environment: "production", expires_at: "2020-01-01T00:00:00Z" },
      { name: "", environment: "production" },
    ];
    for (const body of bad) {
      const res = await call("POST", KEYS, KEYS, adminKey.secret, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.type).toBe("invalid_request_error");
    }
    expect((await call("POST", KEYS, KEYS, adminKey.secret, bad[2])).json.error.message).toContain("policy.rpm_limit");
    expect((await call("POST", KEYS, KEYS, adminKey.secret, bad[4])).json.error.message).toContain("expires_at");
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(before);
  });
});

describe("GET /v1/organizations/api_keys", () => {
  it("lists newest first for admin and read-only keys, with filters and pages", async () => {
    const { team, members, adminKey, readOnly, devKey } = await setup();
    const made = await call("POST", KEYS, KEYS, adminKey.secret, { name: "prod", environment: "production" });
    const old = await createApiKey(members.owner.actor, { teamId: team.id, name: "old", environment: "production", expiry: "never" });
    await db.apiKey.update({ where: { id: old.key.id }, data: { revokedAt: new Date(Date.now() - 1000) } });
    const expired = await createApiKey(members.owner.actor, { teamId: team.id, name: "expired", environment: "production", expiry: "never" });
    await db.apiKey.update({ where: { id: expired.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    for (const secret of [adminKey.secret, readOnly.secret]) {
      const all = await call("GET", KEYS, KEYS, secret);
      expect(all.status).toBe(200);
      expect(all.json.data.map((k: { name: string }) => k.name)).toEqual(["expired", "old", "prod", "dev laptop"]);
      expect(all.json).toMatchObject({ has_more: false, first_id: expired.key.id, last_id: devKey.id });
    }
    const names = async (query: string) => (await call("GET", KEYS, `${KEYS}?${query}`, readOnly.secret)).json.data.map((k: { name: string }) => k.name);
    expect(await names("status=active")).toEqual(["prod", "dev laptop"]);
    expect(await names("status=revoked")).toEqual(["old"]);
    expect(await names("status=expired")).toEqual(["expired"]);
    expect(await names("environment=development")).toEqual(["dev laptop"]);
    expect(await names(`created_by_user_id=${members.developer.user.id}`)).toEqual(["dev laptop"]);
    // Keys an admin key made belong to its creator.
    expect(await names(`created_by_user_id=${members.owner.user.id}&status=active`)).toEqual(["prod"]);

    const first = await call("GET", KEYS, `${KEYS}?limit=2`, readOnly.secret);
    expect(first.json).toMatchObject({ has_more: true, last_id: old.key.id });
    const second = await call("GET", KEYS, `${KEYS}?limit=2&after_id=${first.json.last_id}`, readOnly.secret);
    expect(second.json.data.map((k: { id: string }) => k.id)).toEqual([made.json.id, devKey.id]);
    expect(second.json.has_more).toBe(false);
    expect((await call("GET", KEYS, `${KEYS}?status=rotating`, readOnly.secret)).status).toBe(400);
  });

  it("gets one key; another team's key is not found", async () => {
    const { adminKey, readOnly, devKey } = await setup();
    const got = await call("GET", `${KEYS}/{api_key_id}`, `${KEYS}/${devKey.id}`, readOnly.secret);
    expect(got.json).toMatchObject({ id: devKey.id, name: "dev laptop", created_by: { type: "user" }, environment: "development" });
    const other = await setup();
    const res = await call("GET", `${KEYS}/{api_key_id}`, `${KEYS}/${other.devKey.id}`, adminKey.secret);
    expect(res.status).toBe(404);
    expect(res.json.error.type).toBe("not_found_error");
    expect((await call("GET", KEYS, `${KEYS}?after_id=${other.devKey.id}`, adminKey.secret)).status).toBe(400);
  });
});
