import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { createTeam } from "./create-team";
import { getTeamForMember, listMyTeams } from "./queries";

describe("listMyTeams", () => {
  it("lists only the user's teams, with their role in each, oldest first", async () => {
    const user = await makeUser("multi");
    const first = await createTeam(actorFor(user), { name: "First team" });
    const { team: other, members } = await makeTeam(["owner"]);
    await db.membership.create({ data: { teamId: other.id, userId: user.id, role: "billing" } });
    await createTeam(actorFor(members.owner.user), { name: "Not mine" });

    const teams = await listMyTeams(user.id);
    expect(teams.map((t) => [t.id, t.role])).toEqual([
      [first.id, "owner"],
      [other.id, "billing"],
    ]);
  });
});

describe("getTeamForMember", () => {
  it("returns the team and the caller's role for every role", async () => {
    const { team, members } = await makeTeam();
    for (const role of ["owner", "admin", "developer", "billing"] as const) {
      const found = await getTeamForMember(members[role].user.id, team.slug);
      expect(found.role).toBe(role);
      expect(found.team.id).toBe(team.id);
      expect(found.memberCount).toBe(4);
    }
  });

  it("answers NOT_FOUND to a stranger, the same as for a missing slug", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = await makeUser("stranger");
    await expect(getTeamForMember(stranger.id, team.slug)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Team not found." });
    await expect(getTeamForMember(stranger.id, "no-such-team")).rejects.toMatchObject({ code: "NOT_FOUND", message: "Team not found." });
  });

  it("refuses a removed member on the next call", async () => {
    const { team, members } = await makeTeam(["owner", "developer"]);
    await getTeamForMember(members.developer.user.id, team.slug);
    await db.membership.deleteMany({ where: { teamId: team.id, userId: members.developer.user.id } });
    await expect(getTeamForMember(members.developer.user.id, team.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
