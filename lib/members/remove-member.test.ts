import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";
import { auditCount, membershipId, roleOf } from "./test-helpers";

async function setup() {
  const t = await makeTeam();
  const id = (role: keyof typeof t.members) => membershipId(t.team.id, t.members[role].user.id);
  return { ...t, id };
}

describe("removeMember", () => {
  it("lets an owner remove a member and audits it", async () => {
    const { team, members, id } = await setup();
    await removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("developer") });
    expect(await roleOf(team.id, members.developer.user.id)).toBeNull();
    const entry = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "member.removed" } });
    expect(entry).toMatchObject({ actorId: members.owner.user.id, targetId: members.developer.user.id, targetLabel: members.developer.user.email });
    expect(JSON.parse(entry.metadata)).toEqual({ role: "developer" });
  });

  it("lets an owner remove another owner", async () => {
    const { team, members, id } = await setup();
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "owner" });
    await removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("admin") });
    expect(await roleOf(team.id, members.admin.user.id)).toBeNull();
  });

  it("lets an admin remove non-owners, including other admins", async () => {
    const { team, members, id } = await setup();
    await removeMember(members.admin.actor, { teamId: team.id, membershipId: await id("billing") });
    expect(await roleOf(team.id, members.billing.user.id)).toBeNull();
  });

  it("refuses an admin removing an owner", async () => {
    const { team, members, id } = await setup();
    await expect(removeMember(members.admin.actor, { teamId: team.id, membershipId: await id("owner") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await roleOf(team.id, members.owner.user.id)).toBe("owner");
    expect(await auditCount(team.id)).toBe(0);
  });

  it.each(["developer", "billing"] as const)("refuses a %s removing someone", async (role) => {
    const { team, members, id } = await setup();
    await expect(removeMember(members[role].actor, { teamId: team.id, membershipId: await id("billing") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(4);
    expect(await auditCount(team.id)).toBe(0);
  });

  it("sends people who remove themselves to “Leave team”", async () => {
    const { team, members, id } = await setup();
    await expect(removeMember(members.admin.actor, { teamId: team.id, membershipId: await id("admin") })).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringContaining("Leave team"),
    });
    await expect(removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("owner") })).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await roleOf(team.id, members.owner.user.id)).toBe("owner");
  });

  it("does not find a member of another team", async () => {
    const { team, members } = await setup();
    const other = await makeTeam(["owner", "developer"]);
    const foreign = await membershipId(other.team.id, other.members.developer.user.id);
    await expect(removeMember(members.owner.actor, { teamId: team.id, membershipId: foreign })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await roleOf(other.team.id, other.members.developer.user.id)).toBe("developer");
  });

  it("makes a removed member a stranger to the team at once", async () => {
    const { team, members, id } = await setup();
    await removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("admin") });
    await expect(removeMember(members.admin.actor, { teamId: team.id, membershipId: await id("billing") })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
