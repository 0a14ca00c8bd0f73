import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { createApiKey } from "./create";
import { renameApiKey } from "./rename";

async function setup() {
  const ctx = await makeTeam();
  const created = await createApiKey(ctx.members.developer.actor, { teamId: ctx.team.id, name: "payments", environment: "production", expiry: "30d" });
  return { ...ctx, key: created.key };
}

const nameOf = async (id: string) => (await db.apiKey.findUniqueOrThrow({ where: { id } })).name;
const updates = (teamId: string) => db.auditLog.findMany({ where: { teamId, action: "key.updated" } });

describe("renameApiKey", () => {
  it("renames, audits key.updated with before and after, and queues the api_key.updated webhook event", async () => {
    const { team, members, key } = await setup();
    await db.webhookEndpoint.create({ data: { teamId: team.id, url: "https://hooks.example.test/in", events: JSON.stringify(["api_key.updated"]) } });
    const out = await renameApiKey(members.admin.actor, { teamId: team.id, keyId: key.id, name: "  payments (eu)  " });
    expect(out).toMatchObject({ id: key.id, name: "payments (eu)" });
    expect(await nameOf(key.id)).toBe("payments (eu)");

    const audit = await updates(team.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: members.admin.user.id, targetId: key.id, targetLabel: `payments (eu) (${key.prefix}…${key.last4})` });
    expect(JSON.parse(audit[0].metadata)).toEqual({ before: { name: "payments" }, after: { name: "payments (eu)" } });
    const events = await db.webhookEvent.findMany({ where: { teamId: team.id, type: "api_key.updated" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload).data).toMatchObject({ target: { id: key.id }, details: { after: { name: "payments (eu)" } } });
  });

  it("changes and audits nothing for the same name", async () => {
    const { team, members, key } = await setup();
    await renameApiKey(members.owner.actor, { teamId: team.id, keyId: key.id, name: "payments" });
    expect(await updates(team.id)).toHaveLength(0);
  });

  it("lets a developer rename their own key but not another's; billing never", async () => {
    const { team, members, key } = await setup();
    await renameApiKey(members.developer.actor, { teamId: team.id, keyId: key.id, name: "mine" });
    expect(await nameOf(key.id)).toBe("mine");

    const other = await createApiKey(members.admin.actor, { teamId: team.id, name: "admin's", environment: "development", expiry: "never" });
    await expect(renameApiKey(members.developer.actor, { teamId: team.id, keyId: other.key.id, name: "taken" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(renameApiKey(members.billing.actor, { teamId: team.id, keyId: key.id, name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await nameOf(other.key.id)).toBe("admin's");
    expect(await nameOf(key.id)).toBe("mine");
  });

  it("tells a stranger and another team's member that the key is not found", async () => {
    const { team, key } = await setup();
    const other = await makeTeam(["owner"]);
    await expect(renameApiKey(other.members.owner.actor, { teamId: team.id, keyId: key.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(renameApiKey(other.members.owner.actor, { teamId: other.team.id, keyId: key.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await nameOf(key.id)).toBe("payments");
  });

  it("refuses an empty, too long or multi-line name", async () => {
    const { team, members, key } = await setup();
    for (const name of ["   ", "x".repeat(65), "a\nb"]) {
      await expect(renameApiKey(members.owner.actor, { teamId: team.id, keyId: key.id, name })).rejects.toMatchObject({ code: "INVALID" });
    }
    expect(await nameOf(key.id)).toBe("payments");
  });
});
