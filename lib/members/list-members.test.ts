import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ROLES } from "../permissions";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { listMembers } from "./list-members";

describe("listMembers", () => {
  it.each(ROLES)("lets a %s see every member with name, email, role and join date", async (role) => {
    const { team, members } = await makeTeam();
    const rows = await listMembers(members[role].actor, team.id);
    expect(rows.map((r) => r.role)).toEqual(["owner", "admin", "developer", "billing"]);
    const admin = rows.find((r) => r.role === "admin")!;
    expect(admin).toMatchObject({ name: members.admin.user.name, email: members.admin.user.email });
    expect(admin.joinedAt).toBeInstanceOf(Date);
  });

  it("tells a stranger the team does not exist", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(listMembers(stranger, team.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never shows members of another team", async () => {
    const a = await makeTeam(["owner"]);
    const b = await makeTeam(["owner", "developer"]);
    const rows = await listMembers(a.members.owner.actor, a.team.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].email).toBe(a.members.owner.user.email);
    expect(await db.membership.count({ where: { teamId: b.team.id } })).toBe(2);
  });
});
