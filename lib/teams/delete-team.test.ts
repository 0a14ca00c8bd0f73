import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { deleteTeam } from "./delete-team";

describe("deleteTeam", () => {
  it("lets the owner delete the team with its members and keys, leaves its usage to the purge, and audits it by name", async () => {
    const { team, members } = await makeTeam();
    await db.apiKey.create({
      data: { teamId: team.id, name: "ci", environment: "development", prefix: "gk_test_abcd", last4: "wxyz", hash: `h-${team.id}` },
    });
    await db.usageEvent.create({ data: { keyId: "k", teamId: team.id, ts: BigInt(Date.now()), kind: "verify", outcome: "VALID" } });

    await deleteTeam(members.owner.actor, { teamId: team.id, confirmName: "Acme" });

    expect(await db.team.findUnique({ where: { id: team.id } })).toBeNull();
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    // Usage goes in the background (lib/maintenance/purge.test.ts); the tombstone says it must.
    expect(await db.teamPurge.findUnique({ where: { teamId: team.id } })).toMatchObject({ teamId: team.id });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "team.deleted", targetId: team.id } });
    expect(audit).toMatchObject({ teamId: null, targetLabel: "Acme", actorId: members.owner.user.id });
    expect(JSON.parse(audit.metadata)).toMatchObject({ members: 4, keys: 1 });
  });

  it.each(["admin", "developer", "billing"] as const)("refuses a %s with FORBIDDEN", async (role) => {
    const { team, members } = await makeTeam();
    await expect(deleteTeam(members[role].actor, { teamId: team.id, confirmName: "Acme" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.team.findUnique({ where: { id: team.id } })).not.toBeNull();
  });

  it("answers NOT_FOUND to a stranger", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(deleteTeam(stranger, { teamId: team.id, confirmName: "Acme" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.team.findUnique({ where: { id: team.id } })).not.toBeNull();
  });

  it.each(["acme", "Acme Corp", ""])("refuses the wrong confirmation %j with INVALID", async (confirmName) => {
    const { team, members } = await makeTeam(["owner"]);
    await expect(deleteTeam(members.owner.actor, { teamId: team.id, confirmName })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { confirmName: expect.any(String) },
    });
    expect(await db.team.findUnique({ where: { id: team.id } })).not.toBeNull();
    expect(await db.auditLog.count({ where: { action: "team.deleted", targetId: team.id } })).toBe(0);
    expect(await db.teamPurge.count({ where: { teamId: team.id } })).toBe(0);
  });
});
