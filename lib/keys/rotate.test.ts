import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { createApiKey } from "./create";
import { hashKey } from "./format";
import { revokeApiKey } from "./revoke";
import { rotateApiKey } from "./rotate";

const HOUR = 60 * 60 * 1000;

async function setup() {
  const ctx = await makeTeam();
  const created = await createApiKey(ctx.members.developer.actor, {
    teamId: ctx.team.id,
    name: "payments",
    environment: "production",
    expiry: "30d",
  });
  return { ...ctx, old: created.key, oldSecret: created.secret };
}

describe("rotateApiKey", () => {
  it("creates a linked replacement and keeps the old secret working for the overlap", async () => {
    const { team, members, old, oldSecret } = await setup();
    const before = Date.now();
    const out = await rotateApiKey(members.developer.actor, { teamId: team.id, keyId: old.id, overlap: "24h" });

    expect(out.secret).not.toBe(oldSecret);
    expect(out.secret.startsWith("gk_live_")).toBe(true);
    expect(out.key).toMatchObject({
      name: "payments",
      environment: "production",
      expiresAt: old.expiresAt,
      rotatedFromId: old.id,
      status: "active",
      createdBy: { id: members.developer.user.id },
    });
    expect(out.previous).toMatchObject({ id: old.id, rotatedToId: out.key.id, status: "rotating" });

    const until = out.oldSecretValidUntil.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(until).toBeLessThanOrEqual(Date.now() + 24 * HOUR);

    const oldRow = await db.apiKey.findUniqueOrThrow({ where: { id: old.id } });
    expect(oldRow.revokedAt!.getTime()).toBe(until);
    expect(oldRow.rotatedToId).toBe(out.key.id);
    expect(oldRow.hash).toBe(hashKey(oldSecret));
    const newRow = await db.apiKey.findUniqueOrThrow({ where: { id: out.key.id } });
    expect(newRow.hash).toBe(hashKey(out.secret));
  });

  it("gives the replacement the old key's policy: rotating never drops a limit", async () => {
    const { team, members, old } = await setup();
    const policy = { allowedModels: '["claude-haiku-4-5"]', rpmLimit: 5, tpmLimit: 1000, budgetMicros: 2_000_000n, ipAllowlist: '["10.0.0.0/8"]' };
    await db.apiKey.update({ where: { id: old.id }, data: policy });
    const out = await rotateApiKey(members.developer.actor, { teamId: team.id, keyId: old.id, overlap: "none" });
    const replacement = await db.apiKey.findUniqueOrThrow({ where: { id: out.key.id } });
    expect(replacement).toMatchObject(policy);
  });

  it("revokes the old secret at once with overlap none", async () => {
    const { team, members, old } = await setup();
    const out = await rotateApiKey(members.admin.actor, { teamId: team.id, keyId: old.id, overlap: "none" });
    expect(out.previous.status).toBe("revoked");
    expect(out.oldSecretValidUntil.getTime()).toBeLessThanOrEqual(Date.now());
    // The replacement belongs to whoever rotated it.
    expect(out.key.createdBy?.id).toBe(members.admin.user.id);
  });

  it("records key.rotated with the new key and the end of the overlap", async () => {
    const { team, members, old } = await setup();
    const out = await rotateApiKey(members.owner.actor, { teamId: team.id, keyId: old.id, overlap: "1h" });
    const audit = await db.auditLog.findMany({ where: { teamId: team.id, action: "key.rotated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: old.id, actorId: members.owner.user.id });
    expect(JSON.parse(audit[0].metadata)).toMatchObject({
      newKeyId: out.key.id,
      overlap: "1h",
      oldSecretValidUntil: out.oldSecretValidUntil.toISOString(),
    });
  });

  it("follows the revoke permissions: not another developer's key, never for billing", async () => {
    const { team, members, old } = await setup();
    const { key: adminKey } = await createApiKey(members.admin.actor, {
      teamId: team.id,
      name: "admin",
      environment: "development",
      expiry: "never",
    });
    await expect(
      rotateApiKey(members.developer.actor, { teamId: team.id, keyId: adminKey.id, overlap: "1h" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      rotateApiKey(members.billing.actor, { teamId: team.id, keyId: old.id, overlap: "1h" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(2);
    expect(await db.auditLog.count({ where: { teamId: team.id, action: "key.rotated" } })).toBe(0);
  });

  it("refuses keys that are already rotated, revoked or expired", async () => {
    const { team, members, old } = await setup();
    const first = await rotateApiKey(members.developer.actor, { teamId: team.id, keyId: old.id, overlap: "7d" });
    await expect(
      rotateApiKey(members.developer.actor, { teamId: team.id, keyId: old.id, overlap: "1h" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    await revokeApiKey(members.developer.actor, { teamId: team.id, keyId: first.key.id });
    await expect(
      rotateApiKey(members.developer.actor, { teamId: team.id, keyId: first.key.id, overlap: "1h" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const { key: expiring } = await createApiKey(members.developer.actor, {
      teamId: team.id,
      name: "short",
      environment: "development",
      expiry: "30d",
    });
    await db.apiKey.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(
      rotateApiKey(members.developer.actor, { teamId: team.id, keyId: expiring.id, overlap: "none" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Expired") });

    expect(await db.auditLog.count({ where: { teamId: team.id, action: "key.rotated" } })).toBe(1);
  });

  it("rejects an unknown overlap", async () => {
    const { team, members, old } = await setup();
    await expect(
      rotateApiKey(members.developer.actor, { teamId: team.id, keyId: old.id, overlap: "forever" as never }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).rotatedToId).toBeNull();
  });
});
