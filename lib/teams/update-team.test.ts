import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { updateTeam } from "./update-team";

const auditOf = (teamId: string) => db.auditLog.findMany({ where: { teamId, action: "team.updated" } });

describe("updateTeam", () => {
  it.each(["owner", "admin"] as const)("lets an %s rename the team and records before/after", async (role) => {
    const { team, members } = await makeTeam();
    const updated = await updateTeam(members[role].actor, { teamId: team.id, name: "Acme Labs", description: "Platform" });

    expect(updated).toMatchObject({ name: "Acme Labs", description: "Platform", slug: team.slug });
    const audit = await auditOf(team.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(members[role].user.id);
    expect(JSON.parse(audit[0].metadata)).toEqual({
      before: { name: "Acme", description: "" },
      after: { name: "Acme Labs", description: "Platform" },
    });
  });

  it.each(["developer", "billing"] as const)("refuses a %s with FORBIDDEN and changes nothing", async (role) => {
    const { team, members } = await makeTeam();
    await expect(updateTeam(members[role].actor, { teamId: team.id, name: "Hijacked", description: "" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name).toBe("Acme");
    expect(await auditOf(team.id)).toHaveLength(0);
  });

  it("answers NOT_FOUND to a stranger, even with invalid input", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(updateTeam(stranger, { teamId: team.id, name: "Mine now", description: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateTeam(stranger, { teamId: team.id, name: "", description: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects bad input with field errors and keeps the old values", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await expect(updateTeam(members.owner.actor, { teamId: team.id, name: " x ", description: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: "Use at least 2 characters." },
    });
    await expect(
      updateTeam(members.owner.actor, { teamId: team.id, name: "Fine name", description: "d".repeat(300) }),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { description: expect.any(String) } });
    const after = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect(after).toMatchObject({ name: "Acme", description: "" });
    expect(await auditOf(team.id)).toHaveLength(0);
  });

  it("does not audit a save that changes nothing", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await updateTeam(members.owner.actor, { teamId: team.id, name: "Acme", description: "" });
    expect(await auditOf(team.id)).toHaveLength(0);
  });
});
