import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type TestApi } from "../../api/test-helpers";
import { db } from "../../db";
import { createApiKey } from "../../keys/create";
import { responseValidator } from "../../openapi/testing/response-validator";
import { makeTeam } from "../../testing/factories";
import { createAdminKey, startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

const KEYS = "/v1/organizations/api_keys";
const ITEM = `${KEYS}/{api_key_id}`;
const ROTATE = `${ITEM}/rotate`;
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
  const ctx = await makeTeam(["owner"]);
  await db.model.upsert({ where: { id: "claude-haiku-4-5" }, create: { id: "claude-haiku-4-5", displayName: "Claude Haiku 4.5" }, update: {} });
  const adminKey = await createAdminKey(ctx.team.id, ctx.members.owner.user.id, "admin");
  const readOnly = await createAdminKey(ctx.team.id, ctx.members.owner.user.id, "read-only");
  const created = await createApiKey(ctx.members.owner.actor, {
    teamId: ctx.team.id,
    name: "payments",
    environment: "production",
    expiry: "never",
    policy: { rpmLimit: 100, ipAllowlist: ["10.0.0.0/8"] },
  });
  return { ...ctx, adminKey, readOnly, key: created.key, secret: created.secret };
}

async function call(method: "GET" | "POST", docPath: string, url: string, key: string, body?: unknown) {
  const res = await admin.request(url, { method, key, body });
  expect(validate(method, docPath, res.status, res.json)).toBeNull();
  return res;
}

async function verify(secret: string) {
  const res = await api.post("/api/v1/keys/verify", { key: secret, ip: "10.1.2.3" });
  return (await res.json()) as { valid: boolean; code: string; keyId?: string };
}

const stored = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });
const auditCount = (teamId: string) => db.auditLog.count({ where: { teamId } });

describe("POST /v1/organizations/api_keys/{api_key_id}", () => {
  it("renames and changes only the policy fields given, each audited", async () => {
    const { team, adminKey, key } = await setup();
    const url = `${KEYS}/${key.id}`;
    const res = await call("POST", ITEM, url, adminKey.secret, { name: "payments (eu)", policy: { allowed_models: ["claude-haiku-4-5"], tpm_limit: 5000 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: "payments (eu)",
      status: "active",
      policy: { allowed_models: ["claude-haiku-4-5"], rpm_limit: 100, tpm_limit: 5000, monthly_budget_usd: null, ip_allowlist: ["10.0.0.0/8"] },
    });
    const cleared = await call("POST", ITEM, url, adminKey.secret, { policy: { rpm_limit: null, allowed_models: null, monthly_budget_usd: 30 } });
    expect(cleared.json.policy).toEqual({ allowed_models: null, rpm_limit: null, tpm_limit: 5000, monthly_budget_usd: "30", ip_allowlist: ["10.0.0.0/8"] });
    const actions = await db.auditLog.findMany({ where: { teamId: team.id, targetId: key.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorAdminKeyId: true } });
    expect(actions).toEqual([
      { action: "key.created", actorAdminKeyId: null },
      { action: "key.updated", actorAdminKeyId: adminKey.id },
      { action: "key.policy_changed", actorAdminKeyId: adminKey.id },
      { action: "key.policy_changed", actorAdminKeyId: adminKey.id },
    ]);
  });

  it("revokes with status revoked (at once, once), refuses any other status, and checks the whole body before changing anything", async () => {
    const { team, adminKey, key, secret } = await setup();
    const url = `${KEYS}/${key.id}`;
    for (const body of [{ status: "active" }, { status: "expired" }, { name: "renamed", policy: { rpm_limit: -1 } }, { name: "renamed", policy: { allowed_models: ["nope"] } }, { colour: "red" }]) {
      const res = await call("POST", ITEM, url, adminKey.secret, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await stored(key.id)).name).toBe("payments");

    const revoked = await call("POST", ITEM, url, adminKey.secret, { status: "revoked" });
    expect(revoked.json).toMatchObject({ status: "revoked", revoked_at: expect.any(String) });
    expect(await verify(secret)).toMatchObject({ valid: false, code: "REVOKED" });
    const again = await call("POST", ITEM, url, adminKey.secret, { status: "revoked" });
    expect(again.json.revoked_at).toBe(revoked.json.revoked_at);
    expect(await db.auditLog.count({ where: { teamId: team.id, action: "key.revoked" } })).toBe(1);
    // A revoked key's policy no longer changes.
    expect((await call("POST", ITEM, url, adminKey.secret, { policy: { rpm_limit: 5 } })).status).toBe(409);
  });

  it("answers 404 for another team's key, changing nothing there", async () => {
    const { adminKey } = await setup();
    const other = await setup();
    const before = await auditCount(other.team.id);
    expect((await call("POST", ITEM, `${KEYS}/${other.key.id}`, adminKey.secret, { name: "mine now" })).status).toBe(404);
    expect((await call("POST", ITEM, `${KEYS}/${other.key.id}`, adminKey.secret, { status: "revoked" })).status).toBe(404);
    expect((await call("POST", ROTATE, `${KEYS}/${other.key.id}/rotate`, adminKey.secret, {})).status).toBe(404);
    expect(await stored(other.key.id)).toMatchObject({ name: "payments", revokedAt: null, rotatedToId: null });
    expect(await auditCount(other.team.id)).toBe(before);
  });
});

describe("POST /v1/organizations/api_keys/{api_key_id}/rotate", () => {
  it("returns a working new secret; the old one works until the overlap ends, its revoked_at", async () => {
    const { team, adminKey, key, secret } = await setup();
    const before = Date.now();
    const res = await call("POST", ROTATE, `${KEYS}/${key.id}/rotate`, adminKey.secret, { overlap_seconds: 3600 });
    expect(res.status).toBe(200);
    const fresh = res.json;
    expect(fresh).toMatchObject({ name: "payments", status: "active", created_by: { type: "admin_key", id: adminKey.id }, policy: { rpm_limit: 100 } });
    expect(fresh.secret).not.toBe(secret);
    expect(await verify(fresh.secret)).toMatchObject({ valid: true, keyId: fresh.id });
    expect(await verify(secret)).toMatchObject({ valid: true, keyId: key.id });

    const old = (await call("GET", ITEM, `${KEYS}/${key.id}`, adminKey.secret)).json;
    expect(old).toMatchObject({ status: "active", rotated_to_id: fresh.id });
    const end = Date.parse(old.revoked_at);
    expect(end).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(end).toBeLessThanOrEqual(Date.now() + 3_600_000);
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "key.rotated" } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ newKeyId: fresh.id, overlap: "1h", oldSecretValidUntil: old.revoked_at });
    expect(audit.actorAdminKeyId).toBe(adminKey.id);
  });

  it("defaults to a day's overlap, revokes at once with 0, and refuses other overlaps and a second rotation", async () => {
    const { adminKey, key, secret } = await setup();
    expect((await call("POST", ROTATE, `${KEYS}/${key.id}/rotate`, adminKey.secret, { overlap_seconds: 60 })).status).toBe(400);
    const rotated = await call("POST", ROTATE, `${KEYS}/${key.id}/rotate`, adminKey.secret);
    const old = await stored(key.id);
    expect(old.revokedAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await call("POST", ROTATE, `${KEYS}/${key.id}/rotate`, adminKey.secret, {})).status).toBe(409);

    const now = await call("POST", ROTATE, `${KEYS}/${rotated.json.id}/rotate`, adminKey.secret, { overlap_seconds: 0 });
    expect(now.status).toBe(200);
    expect(await verify(rotated.json.secret)).toMatchObject({ valid: false, code: "REVOKED" });
    expect(await verify(secret)).toMatchObject({ valid: true });
  });
});

describe("read-only admin keys", () => {
  it("read keys, but create, update, revoke and rotate are 403 and change nothing", async () => {
    const { team, readOnly, key } = await setup();
    const before = { keys: await db.apiKey.count({ where: { teamId: team.id } }), audit: await auditCount(team.id), row: await stored(key.id) };
    expect((await call("GET", KEYS, KEYS, readOnly.secret)).status).toBe(200);
    expect((await call("GET", ITEM, `${KEYS}/${key.id}`, readOnly.secret)).status).toBe(200);
    const refused = [
      await call("POST", KEYS, KEYS, readOnly.secret, { name: "x", environment: "production" }),
      await call("POST", ITEM, `${KEYS}/${key.id}`, readOnly.secret, { name: "renamed" }),
      await call("POST", ITEM, `${KEYS}/${key.id}`, readOnly.secret, { policy: { rpm_limit: 1 } }),
      await call("POST", ITEM, `${KEYS}/${key.id}`, readOnly.secret, { status: "revoked" }),
      await call("POST", ROTATE, `${KEYS}/${key.id}/rotate`, readOnly.secret, {}),
    ];
    for (const res of refused) expect(res.json).toEqual({ type: "error", error: { type: "permission_error", message: expect.any(String) } });
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(before.keys);
    expect(await auditCount(team.id)).toBe(before.audit);
    expect(await stored(key.id)).toEqual(before.row);
  });
});
