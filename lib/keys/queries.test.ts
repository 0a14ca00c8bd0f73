import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { createApiKey } from "./create";
import { getApiKey, listApiKeys } from "./queries";
import { revokeApiKey } from "./revoke";
import { rotateApiKey } from "./rotate";

const DAY = 24 * 60 * 60 * 1000;

async function setup() {
  const ctx = await makeTeam();
  const dev = ctx.members.developer.actor;
  const teamId = ctx.team.id;
  const mk = (name: string, environment: "production" | "development", expiry: "never" | "30d" = "never") =>
    createApiKey(dev, { teamId, name, environment, expiry });
  const prod = await mk("prod", "production");
  const test = await mk("test", "development", "30d");
  const soon = await mk("soon", "development", "30d");
  await db.apiKey.update({ where: { id: soon.key.id }, data: { expiresAt: new Date(Date.now() + 2 * DAY) } });
  const old = await mk("old", "production");
  await db.apiKey.update({ where: { id: old.key.id }, data: { expiresAt: new Date(Date.now() - DAY) } });
  const gone = await mk("gone", "development");
  await revokeApiKey(dev, { teamId, keyId: gone.key.id });
  const rotated = await rotateApiKey(dev, { teamId, keyId: prod.key.id, overlap: "24h" });
  return { ...ctx, teamId, ids: { prod: prod.key.id, test: test.key.id, soon: soon.key.id, old: old.key.id, gone: gone.key.id, next: rotated.key.id } };
}

describe("listApiKeys", () => {
  it("shows billing viewers every key's metadata with status and creator, never hashes", async () => {
    const { teamId, members, ids } = await setup();
    const keys = await listApiKeys(members.billing.actor, teamId);
    expect(keys).toHaveLength(6);
    expect(keys[0].id).toBe(ids.next); // newest first
    const byId = Object.fromEntries(keys.map((k) => [k.id, k]));
    expect(byId[ids.prod].status).toBe("rotating");
    expect(byId[ids.test].status).toBe("active");
    expect(byId[ids.soon].status).toBe("expiring");
    expect(byId[ids.old].status).toBe("expired");
    expect(byId[ids.gone].status).toBe("revoked");
    expect(byId[ids.next]).toMatchObject({ status: "active", rotatedFromId: ids.prod });
    expect(keys[0].createdBy).toMatchObject({ id: members.developer.user.id, email: members.developer.user.email });
    for (const key of keys) expect(Object.keys(key)).not.toContain("hash");
  });

  it("filters by environment and by status", async () => {
    const { teamId, members, ids } = await setup();
    const actor = members.owner.actor;
    const prodKeys = await listApiKeys(actor, teamId, { environment: "production" });
    expect(prodKeys.map((k) => k.id).sort()).toEqual([ids.prod, ids.old, ids.next].sort());
    expect((await listApiKeys(actor, teamId, { status: "expiring" })).map((k) => k.id)).toEqual([ids.soon]);
    expect((await listApiKeys(actor, teamId, { status: "revoked" })).map((k) => k.id)).toEqual([ids.gone]);
    expect(await listApiKeys(actor, teamId, { environment: "production", status: "revoked" })).toEqual([]);
    // Unknown filter values from the URL are ignored rather than failing the page.
    expect(await listApiKeys(actor, teamId, { status: "bogus" as never })).toHaveLength(6);
  });

  it("answers NOT_FOUND to someone outside the team", async () => {
    const { teamId } = await setup();
    const stranger = actorFor(await makeUser("stranger"));
    await expect(listApiKeys(stranger, teamId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("getApiKey", () => {
  it("returns one key of the team to any member", async () => {
    const { teamId, members, ids } = await setup();
    const key = await getApiKey(members.billing.actor, teamId, ids.soon);
    expect(key).toMatchObject({ id: ids.soon, name: "soon", status: "expiring" });
  });

  it("treats other teams' keys and strangers as not found", async () => {
    const { teamId, ids } = await setup();
    const other = await makeTeam(["owner"]);
    await expect(getApiKey(other.members.owner.actor, other.team.id, ids.test)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(getApiKey(other.members.owner.actor, teamId, ids.test)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
