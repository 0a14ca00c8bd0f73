import { describe, expect, it } from "vitest";
import { db } from "../db";
import type { Role } from "../permissions";
import { makeTeam } from "../testing/factories";
import { createApiKey } from "./create";
import { revokeApiKey } from "./revoke";
import { rotateApiKey } from "./rotate";

async function setup() {
  const ctx = await makeTeam();
  const make = (role: Role, name = `${role}-key`) =>
    createApiKey(ctx.members[role].actor, { teamId: ctx.team.id, name, environment: "production", expiry: "never" });
  return { ...ctx, make };
}

const revokedCount = (teamId: string) => db.auditLog.count({ where: { teamId, action: "key.revoked" } });

describe("revokeApiKey", () => {
  it("lets a developer revoke their own key, immediately", async () => {
    const { team, members, make } = await setup();
    const { key } = await make("developer");
    const before = Date.now();
    const revoked = await revokeApiKey(members.developer.actor, { teamId: team.id, keyId: key.id });
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(revoked.revokedAt!.getTime()).toBeLessThanOrEqual(Date.now());

    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "key.revoked" } });
    expect(audit).toMatchObject({ targetId: key.id, actorId: members.developer.user.id, targetType: "key" });
  });

  it("refuses a developer revoking someone else's key", async () => {
    const { team, members, make } = await setup();
    const { key } = await make("admin");
    await expect(revokeApiKey(members.developer.actor, { teamId: team.id, keyId: key.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.revokedAt).toBeNull();
    expect(await revokedCount(team.id)).toBe(0);
  });

  it("lets owners and admins revoke any key", async () => {
    const { team, members, make } = await setup();
    const { key: devKey } = await make("developer");
    const { key: ownerKey } = await make("owner");
    expect((await revokeApiKey(members.admin.actor, { teamId: team.id, keyId: devKey.id })).status).toBe("revoked");
    expect((await revokeApiKey(members.admin.actor, { teamId: team.id, keyId: ownerKey.id })).status).toBe("revoked");
    const { key: adminKey } = await make("admin");
    expect((await revokeApiKey(members.owner.actor, { teamId: team.id, keyId: adminKey.id })).status).toBe("revoked");
    expect(await revokedCount(team.id)).toBe(3);
  });

  it("refuses billing viewers, even for keys they can see", async () => {
    const { team, members, make } = await setup();
    const { key } = await make("owner");
    await expect(revokeApiKey(members.billing.actor, { teamId: team.id, keyId: key.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("answers CONFLICT for an already revoked key and does not audit twice", async () => {
    const { team, members, make } = await setup();
    const { key } = await make("developer");
    await revokeApiKey(members.developer.actor, { teamId: team.id, keyId: key.id });
    await expect(revokeApiKey(members.admin.actor, { teamId: team.id, keyId: key.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await revokedCount(team.id)).toBe(1);
  });

  it("treats another team's key as not found", async () => {
    const { team, members } = await setup();
    const other = await makeTeam(["owner"]);
    const { key } = await createApiKey(other.members.owner.actor, {
      teamId: other.team.id,
      name: "theirs",
      environment: "production",
      expiry: "never",
    });
    // The owner of `team` names their own team but the other team's key id.
    await expect(revokeApiKey(members.owner.actor, { teamId: team.id, keyId: key.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(revokeApiKey(members.owner.actor, { teamId: other.team.id, keyId: key.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("cuts a rotation's overlap short when the old key is revoked", async () => {
    const { team, members, make } = await setup();
    const { key } = await make("developer");
    await rotateApiKey(members.developer.actor, { teamId: team.id, keyId: key.id, overlap: "7d" });
    const revoked = await revokeApiKey(members.developer.actor, { teamId: team.id, keyId: key.id });
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
