import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { MAX_LIVE_ADMIN_KEYS } from "./constants";
import { createAdminKey } from "./create";
import { hashAdminKey, looksLikeAdminKey } from "./format";
import { listAdminKeys } from "./list";
import { revokeAdminKey } from "./revoke";

const DAY = 24 * 60 * 60 * 1000;

/** The lookup the Admin API makes: the stored hash of the presented secret. */
const keyBySecret = (secret: string) => db.adminKey.findUnique({ where: { hash: hashAdminKey(secret) } });

/** What the Admin API builds for a request made with this key (lib/actor.ts). */
function keyActor(creator: Actor, key: { id: string; name: string; teamId: string }, role: "admin" | "read-only"): Actor {
  return { ...creator, adminKey: { id: key.id, name: key.name, role, teamId: key.teamId } };
}

describe("createAdminKey", () => {
  it.each(["owner", "admin"] as const)("lets an %s create a key whose secret is shown once and found by its hash", async (role) => {
    const { team, members } = await makeTeam([role]);
    const me = members[role];
    const { key, secret } = await createAdminKey(me.actor, { teamId: team.id, name: "  Terraform  ", role: "admin", expiry: "90d" });

    expect(looksLikeAdminKey(secret)).toBe(true);
    expect(key).toMatchObject({
      name: "Terraform",
      role: "admin",
      prefix: secret.slice(0, 13),
      last4: secret.slice(-4),
      status: "active",
      revokedAt: null,
      lastUsedAt: null,
      createdBy: { id: me.user.id, email: me.user.email },
    });
    expect(key).not.toHaveProperty("hash");
    expect(key.expiresAt!.getTime() - key.createdAt.getTime()).toBeGreaterThan(90 * DAY - 5000);
    expect(key.expiresAt!.getTime() - key.createdAt.getTime()).toBeLessThan(90 * DAY + 5000);

    const row = await keyBySecret(secret);
    expect(row).toMatchObject({ id: key.id, teamId: team.id, role: "admin", createdById: me.user.id, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(secret.slice(13, -4));
    // A string that merely looks like it is not the key.
    expect(await keyBySecret(secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A"))).toBeNull();
  });

  it("records admin_key.created with the role and expiry, never the secret", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { key, secret } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "Reports", role: "read-only", expiry: "never" });
    expect(key.expiresAt).toBeNull();
    const audit = await db.auditLog.findMany({ where: { teamId: team.id, action: "admin_key.created" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "admin_key", targetId: key.id, actorId: members.owner.user.id, actorAdminKeyId: null });
    expect(audit[0].targetLabel).toContain("Reports");
    expect(JSON.parse(audit[0].metadata)).toMatchObject({ name: "Reports", role: "read-only", expiresAt: null });
    expect(JSON.stringify(audit[0])).not.toContain(secret.slice(13, -4));
  });

  it("refuses developers, billing viewers and strangers, writing nothing", async () => {
    const { team, members } = await makeTeam(["owner", "developer", "billing"]);
    const input = { teamId: team.id, name: "nope", role: "admin", expiry: "30d" } as const;
    await expect(createAdminKey(members.developer.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createAdminKey(members.billing.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createAdminKey(actorFor(await makeUser("stranger")), input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.adminKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("refuses an admin key acting through the Admin API: keys never mint, list or revoke keys", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { key } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "Automation", role: "admin", expiry: "never" });
    const asKey = keyActor(members.owner.actor, key, "admin");
    await expect(createAdminKey(asKey, { teamId: team.id, name: "child", role: "admin", expiry: "never" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(listAdminKeys(asKey, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeAdminKey(asKey, { teamId: team.id, adminKeyId: key.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.adminKey.count({ where: { teamId: team.id } })).toBe(1);
    expect((await db.adminKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("rejects invalid input with field errors", async () => {
    const { team, members } = await makeTeam(["admin"]);
    const base = { teamId: team.id, name: "ok", role: "admin", expiry: "30d" } as const;
    const actor = members.admin.actor;
    await expect(createAdminKey(actor, { ...base, name: " " })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { name: "Give the key a name." } });
    await expect(createAdminKey(actor, { ...base, role: "owner" as never })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { role: "Choose what the key may do." },
    });
    await expect(createAdminKey(actor, { ...base, expiry: "custom" })).rejects.toMatchObject({ fieldErrors: { customDate: "Pick a date." } });
    await expect(
      createAdminKey(actor, { ...base, expiry: "custom", customDate: new Date(Date.now() - DAY).toISOString() }),
    ).rejects.toMatchObject({ fieldErrors: { customDate: "Pick a date in the future." } });
    expect(await db.adminKey.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("stops at the cap of live keys with a clear message; revoked and expired keys do not count", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const past = new Date(Date.now() - DAY);
    const filler = (i: number, extra: object = {}) => ({
      teamId: team.id, name: `k${i}`, role: "read-only", prefix: "gk_admin_xxxx", last4: "xxxx", hash: `filler-${team.id}-${i}`, ...extra,
    });
    await db.adminKey.createMany({
      data: [
        ...Array.from({ length: MAX_LIVE_ADMIN_KEYS - 1 }, (_, i) => filler(i)),
        filler(100, { revokedAt: past }),
        filler(101, { expiresAt: past }),
      ],
    });
    const input = { teamId: team.id, name: "fiftieth", role: "admin", expiry: "never" } as const;
    await createAdminKey(members.owner.actor, input);
    await expect(createAdminKey(members.owner.actor, { ...input, name: "one too many" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`${MAX_LIVE_ADMIN_KEYS} active admin keys`),
    });
    expect(await db.adminKey.count({ where: { teamId: team.id, name: "one too many" } })).toBe(0);
  });
});

describe("listAdminKeys", () => {
  it("shows owners and admins every key, newest first, with creator and status; never the hash", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const first = await createAdminKey(members.owner.actor, { teamId: team.id, name: "Old", role: "read-only", expiry: "30d" });
    const second = await createAdminKey(members.admin.actor, { teamId: team.id, name: "Soon", role: "admin", expiry: "30d" });
    const third = await createAdminKey(members.admin.actor, { teamId: team.id, name: "Gone", role: "admin", expiry: "never" });
    await db.adminKey.update({ where: { id: first.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.adminKey.update({ where: { id: second.key.id }, data: { expiresAt: new Date(Date.now() + 2 * DAY) } });
    await revokeAdminKey(members.owner.actor, { teamId: team.id, adminKeyId: third.key.id });

    for (const who of [members.owner, members.admin]) {
      const keys = await listAdminKeys(who.actor, team.id);
      expect(keys.map((k) => [k.name, k.status, k.createdBy?.email])).toEqual([
        ["Gone", "revoked", members.admin.user.email],
        ["Soon", "expiring", members.admin.user.email],
        ["Old", "expired", members.owner.user.email],
      ]);
      expect(JSON.stringify(keys)).not.toContain(hashAdminKey(first.secret));
    }
  });

  it("refuses developers and billing viewers, and hides the team from strangers", async () => {
    const { team, members } = await makeTeam(["owner", "developer", "billing"]);
    await createAdminKey(members.owner.actor, { teamId: team.id, name: "Hidden", role: "admin", expiry: "never" });
    await expect(listAdminKeys(members.developer.actor, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAdminKeys(members.billing.actor, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAdminKeys(actorFor(await makeUser("stranger")), team.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("revokeAdminKey", () => {
  it("revokes at once, audits it once, and a second revoke is a conflict", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const { key, secret } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "CI", role: "admin", expiry: "never" });
    const revoked = await revokeAdminKey(members.admin.actor, { teamId: team.id, adminKeyId: key.id });
    expect(revoked).toMatchObject({ id: key.id, status: "revoked" });
    expect(revoked.revokedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await keyBySecret(secret))!.revokedAt).toEqual(revoked.revokedAt);

    await expect(revokeAdminKey(members.owner.actor, { teamId: team.id, adminKeyId: key.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db.auditLog.findMany({ where: { teamId: team.id, action: "admin_key.revoked" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "admin_key", targetId: key.id, actorId: members.admin.user.id });
    expect(JSON.parse(audit[0].metadata)).toMatchObject({ name: "CI", role: "admin" });
  });

  it("refuses developers and billing viewers, and does not reach another team's key", async () => {
    const { team, members } = await makeTeam(["owner", "developer", "billing"]);
    const other = await makeTeam(["owner"]);
    const { key } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "Mine", role: "admin", expiry: "never" });
    await expect(revokeAdminKey(members.developer.actor, { teamId: team.id, adminKeyId: key.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeAdminKey(members.billing.actor, { teamId: team.id, adminKeyId: key.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The other team's owner names this key under their own team: not found there.
    await expect(revokeAdminKey(other.members.owner.actor, { teamId: other.team.id, adminKeyId: key.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.adminKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
    expect(await db.auditLog.count({ where: { action: "admin_key.revoked", targetId: key.id } })).toBe(0);
  });
});
