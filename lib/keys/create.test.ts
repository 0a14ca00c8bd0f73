import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam, makeUser, actorFor } from "../testing/factories";
import { createApiKey } from "./create";
import { hashKey, parseKey } from "./format";

const DAY = 24 * 60 * 60 * 1000;

describe("createApiKey", () => {
  it("lets a developer create a key and returns the secret once, storing only its hash", async () => {
    const { team, members } = await makeTeam();
    const dev = members.developer;
    const { key, secret } = await createApiKey(dev.actor, {
      teamId: team.id,
      name: "  CI deploys  ",
      environment: "production",
      expiry: "90d",
    });

    expect(parseKey(secret)).toEqual({ environment: "production" });
    expect(key).toMatchObject({
      name: "CI deploys",
      environment: "production",
      prefix: secret.slice(0, 12),
      last4: secret.slice(-4),
      status: "active",
      revokedAt: null,
      createdBy: { id: dev.user.id, email: dev.user.email },
    });
    expect(key).not.toHaveProperty("hash");
    expect(key.expiresAt!.getTime() - key.createdAt.getTime()).toBeGreaterThan(90 * DAY - 5000);
    expect(key.expiresAt!.getTime() - key.createdAt.getTime()).toBeLessThan(90 * DAY + 5000);

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.hash).toBe(hashKey(secret));
    expect(row.createdById).toBe(dev.user.id);
    // The secret must appear nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(secret.slice(12, -4));
  });

  it("uses gk_test_ for development keys and stores no expiry for never", async () => {
    const { team, members } = await makeTeam(["admin"]);
    const { key, secret } = await createApiKey(members.admin.actor, {
      teamId: team.id,
      name: "local",
      environment: "development",
      expiry: "never",
    });
    expect(secret.startsWith("gk_test_")).toBe(true);
    expect(key.expiresAt).toBeNull();
  });

  it("records key.created in the audit log without the secret", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { key, secret } = await createApiKey(members.owner.actor, {
      teamId: team.id,
      name: "billing-sync",
      environment: "development",
      expiry: "custom",
      customDate: new Date(Date.now() + 10 * DAY).toISOString(),
    });
    const audit = await db.auditLog.findMany({ where: { teamId: team.id, action: "key.created" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "key", targetId: key.id, actorId: members.owner.user.id });
    expect(audit[0].targetLabel).toContain("billing-sync");
    expect(JSON.parse(audit[0].metadata)).toMatchObject({ environment: "development", expiresAt: key.expiresAt!.toISOString() });
    expect(JSON.stringify(audit[0])).not.toContain(secret.slice(12, -4));
    expect(key.status).toBe("active");
  });

  it("refuses billing viewers and strangers, writing nothing", async () => {
    const { team, members } = await makeTeam(["owner", "billing"]);
    const input = { teamId: team.id, name: "nope", environment: "production", expiry: "30d" } as const;
    await expect(createApiKey(members.billing.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stranger = actorFor(await makeUser("stranger"));
    await expect(createApiKey(stranger, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("rejects invalid input with field errors and writes nothing", async () => {
    const { team, members } = await makeTeam(["developer"]);
    const actor = members.developer.actor;
    const base = { teamId: team.id, name: "ok", environment: "production", expiry: "30d" } as const;

    await expect(createApiKey(actor, { ...base, name: "   " })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: "Give the key a name." },
    });
    await expect(createApiKey(actor, { ...base, name: "x".repeat(65) })).rejects.toMatchObject({ code: "INVALID" });
    await expect(createApiKey(actor, { ...base, environment: "staging" as never })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { environment: expect.any(String) },
    });
    await expect(createApiKey(actor, { ...base, expiry: "custom" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { customDate: "Pick a date." },
    });
    await expect(
      createApiKey(actor, { ...base, expiry: "custom", customDate: new Date(Date.now() - DAY).toISOString() }),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { customDate: "Pick a date in the future." } });

    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("stores a policy given at creation, in the same transaction and audit record", async () => {
    const { team, members } = await makeTeam();
    const { key } = await createApiKey(members.developer.actor, {
      teamId: team.id,
      name: "Limited",
      environment: "production",
      expiry: "never",
      policy: { allowedModels: ["claude-haiku-4-5"], rpmLimit: "5", tpmLimit: "", budget: "1.50", ipAllowlist: "203.0.113.7\n2001:db8::/48" },
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row).toMatchObject({ allowedModels: '["claude-haiku-4-5"]', rpmLimit: 5, tpmLimit: null, ipAllowlist: '["203.0.113.7","2001:db8::/48"]' });
    expect(Number(row.budgetMicros)).toBe(1_500_000);
    const [audit] = await db.auditLog.findMany({ where: { teamId: team.id, action: "key.created" } });
    expect(JSON.parse(audit.metadata).policy).toMatchObject({ allowedModels: ["claude-haiku-4-5"], rpmLimit: 5, budgetMicros: 1_500_000 });
  });

  it("creates an unrestricted key when no policy is given", async () => {
    const { team, members } = await makeTeam();
    const { key } = await createApiKey(members.owner.actor, { teamId: team.id, name: "Open", environment: "development", expiry: "never" });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ allowedModels: null, rpmLimit: null, tpmLimit: null, budgetMicros: null, ipAllowlist: "[]" });
  });

  it("refuses a policy above the team's limits or with a bad entry, creating nothing", async () => {
    const { team, members } = await makeTeam();
    await db.team.update({ where: { id: team.id }, data: { rpmLimit: 600 } });
    const base = { teamId: team.id, name: "Too fast", environment: "development" as const, expiry: "never" as const };
    await expect(createApiKey(members.developer.actor, { ...base, policy: { rpmLimit: "601" } })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { "policy.rpmLimit": "At most 600, this team's limit." },
    });
    await expect(createApiKey(members.developer.actor, { ...base, policy: { ipAllowlist: "10.0.0.0/33" } })).rejects.toMatchObject({
      fieldErrors: { "policy.ipAllowlist": expect.stringContaining("10.0.0.0/33") },
    });
    await expect(createApiKey(members.developer.actor, { ...base, policy: { allowedModels: ["nope"] } })).rejects.toMatchObject({
      fieldErrors: { "policy.allowedModels": expect.stringContaining("nope") },
    });
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { teamId: team.id } })).toBe(0);
  });
});
