import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { leaveTeam } from "./leave-team";
import { getTeamForMember } from "./queries";

describe("leaveTeam", () => {
  it.each(["admin", "developer", "billing"] as const)("lets a %s leave, losing access at once", async (role) => {
    const { team, members } = await makeTeam();
    const { user, actor } = members[role];
    await leaveTeam(actor, { teamId: team.id });

    await expect(getTeamForMember(user.id, team.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "member.left" } });
    expect(audit).toMatchObject({ actorId: user.id, targetId: user.id, targetLabel: user.email });
    expect(JSON.parse(audit.metadata)).toMatchObject({ role });
  });

  it("refuses the last owner with CONFLICT and keeps them", async () => {
    const { team, members } = await makeTeam();
    await expect(leaveTeam(members.owner.actor, { teamId: team.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("last owner"),
    });
    expect((await getTeamForMember(members.owner.user.id, team.slug)).role).toBe("owner");
    expect(await db.auditLog.count({ where: { teamId: team.id, action: "member.left" } })).toBe(0);
  });

  it("lets an owner leave when another owner remains", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const second = await makeUser("second-owner");
    await db.membership.create({ data: { teamId: team.id, userId: second.id, role: "owner" } });
    await leaveTeam(members.owner.actor, { teamId: team.id });
    await expect(leaveTeam(actorFor(second), { teamId: team.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("answers NOT_FOUND to someone who is not a member", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(leaveTeam(stranger, { teamId: team.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(leaveTeam(stranger, { teamId: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
