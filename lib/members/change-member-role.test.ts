import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeTeam, makeUser } from "../testing/factories";
import { changeMemberRole } from "./change-member-role";
import { auditCount, membershipId, roleOf } from "./test-helpers";

async function setup() {
  const t = await makeTeam();
  const id = (role: keyof typeof t.members) => membershipId(t.team.id, t.members[role].user.id);
  return { ...t, id };
}

describe("changeMemberRole", () => {
  it("lets an owner change anyone to any role, and records from/to in the audit log", async () => {
    const { team, members, id } = await setup();
    const result = await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("developer"), role: "owner" });
    expect(result).toMatchObject({ from: "developer", to: "owner", changed: true });
    expect(await roleOf(team.id, members.developer.user.id)).toBe("owner");

    const entry = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "member.role_changed" } });
    expect(entry).toMatchObject({ actorId: members.owner.user.id, targetId: members.developer.user.id, targetLabel: members.developer.user.email, ip: "127.0.0.1", userAgent: "vitest" });
    expect(JSON.parse(entry.metadata)).toEqual({ from: "developer", to: "owner" });
  });

  it("lets an owner demote another owner while one owner remains", async () => {
    const { team, members, id } = await setup();
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "owner" });
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "billing" });
    expect(await roleOf(team.id, members.admin.user.id)).toBe("billing");
  });

  it("lets an admin change non-owners between non-owner roles", async () => {
    const { team, members, id } = await setup();
    await changeMemberRole(members.admin.actor, { teamId: team.id, membershipId: await id("billing"), role: "admin" });
    expect(await roleOf(team.id, members.billing.user.id)).toBe("admin");
  });

  it("refuses an admin making someone owner, writing nothing", async () => {
    const { team, members, id } = await setup();
    await expect(
      changeMemberRole(members.admin.actor, { teamId: team.id, membershipId: await id("developer"), role: "owner" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only owners can make someone an owner." });
    expect(await roleOf(team.id, members.developer.user.id)).toBe("developer");
    expect(await auditCount(team.id)).toBe(0);
  });

  it("refuses an admin changing an owner's role", async () => {
    const { team, members, id } = await setup();
    await expect(
      changeMemberRole(members.admin.actor, { teamId: team.id, membershipId: await id("owner"), role: "developer" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await roleOf(team.id, members.owner.user.id)).toBe("owner");
  });

  it.each(["developer", "billing"] as const)("refuses a %s changing any role", async (role) => {
    const { team, members, id } = await setup();
    await expect(
      changeMemberRole(members[role].actor, { teamId: team.id, membershipId: await id("billing"), role: "developer" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      changeMemberRole(members[role].actor, { teamId: team.id, membershipId: await id(role), role: "admin" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await roleOf(team.id, members[role].user.id)).toBe(role);
    expect(await auditCount(team.id)).toBe(0);
  });

  it("refuses to demote the last owner, even by themselves, and rolls back", async () => {
    const { team, members, id } = await setup();
    await expect(
      changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("owner"), role: "admin" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await roleOf(team.id, members.owner.user.id)).toBe("owner");
    expect(await auditCount(team.id)).toBe(0);
  });

  it("lets an owner step down once another owner exists", async () => {
    const { team, members, id } = await setup();
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "owner" });
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("owner"), role: "developer" });
    expect(await roleOf(team.id, members.owner.user.id)).toBe("developer");
  });

  it("treats the same role as no change and writes no audit entry", async () => {
    const { team, members, id } = await setup();
    const result = await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "admin" });
    expect(result.changed).toBe(false);
    expect(await auditCount(team.id)).toBe(0);
  });

  it("does not find members of another team or strangers' requests", async () => {
    const { team, members } = await setup();
    const other = await makeTeam(["owner", "developer"]);
    const foreign = await membershipId(other.team.id, other.members.developer.user.id);
    await expect(
      changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: foreign, role: "admin" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const stranger = { userId: (await makeUser("stranger")).id, email: "s@example.test", ip: "", userAgent: "" };
    await expect(
      changeMemberRole(stranger, { teamId: other.team.id, membershipId: foreign, role: "admin" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await roleOf(other.team.id, other.members.developer.user.id)).toBe("developer");
  });

  it("rejects an unknown role", async () => {
    const { team, members, id } = await setup();
    await expect(
      changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "superuser" as never }),
    ).rejects.toThrow();
    expect(await roleOf(team.id, members.admin.user.id)).toBe("admin");
  });
});
