import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeUser } from "../testing/factories";
import { createTeam } from "./create-team";
import { getTeamForMember, listMyTeams } from "./queries";

describe("createTeam", () => {
  it("makes the creator the owner, derives the slug and audits", async () => {
    const user = await makeUser("creator");
    const actor = actorFor(user);
    const team = await createTeam(actor, { name: "  Acme Corp ", description: "Our API team" });

    expect(team.name).toBe("Acme Corp");
    expect(team.slug).toBe("acme-corp");
    const { role, team: loaded } = await getTeamForMember(user.id, "acme-corp");
    expect(role).toBe("owner");
    expect(loaded.description).toBe("Our API team");

    const audit = await db.auditLog.findMany({ where: { teamId: team.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "team.created", actorId: user.id, targetLabel: "Acme Corp", ip: "127.0.0.1" });
  });

  it("gives a second team with the same name its own slug", async () => {
    const a = await createTeam(actorFor(await makeUser("a")), { name: "Twin Co" });
    const b = await createTeam(actorFor(await makeUser("b")), { name: "Twin Co" });
    expect(a.slug).toBe("twin-co");
    expect(b.slug).toBe("twin-co-2");
  });

  it("refuses a bad name with a field error and creates nothing", async () => {
    const user = await makeUser("bad");
    const before = await db.team.count();
    await expect(createTeam(actorFor(user), { name: " " })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: expect.any(String) },
    });
    await expect(createTeam(actorFor(user), { name: "Fine", description: "x".repeat(281) })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { description: expect.any(String) },
    });
    expect(await db.team.count()).toBe(before);
    expect(await listMyTeams(user.id)).toEqual([]);
  });

  it("refuses an actor whose account no longer exists", async () => {
    const user = await makeUser("gone");
    await db.user.delete({ where: { id: user.id } });
    await expect(createTeam(actorFor(user), { name: "Ghost team" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
