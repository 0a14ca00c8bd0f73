import { describe, expect, it } from "vitest";
import { turnOnTwoFactor } from "../auth/two-factor/test-helpers";
import { disableTwoFactor } from "../auth/two-factor/manage";
import { TwoFactorRequiredError } from "../auth/two-factor/team-requirement";
import { totpCode } from "../auth/two-factor/totp";
import { createUser } from "../auth/users";
import { db } from "../db";
import { createApiKey } from "../keys/create";
import { listMembers } from "../members/list-members";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { getTeamForMember } from "./queries";
import { getTeamTwoFactorRequirement, setTeamTwoFactorRequirement } from "./require-two-factor";

describe("a team that requires two-factor", () => {
  it("only an owner with two-factor can require it; admins cannot; the change is audited", async () => {
    const { team, members } = await makeTeam(["owner", "admin", "developer"]);
    await expect(setTeamTwoFactorRequirement(members.admin.actor, { teamId: team.id, required: true })).rejects.toMatchObject({ code: "FORBIDDEN", message: /role/ });
    await expect(setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: /your own account first/,
    });
    const stranger = await makeUser("stranger");
    await expect(setTeamTwoFactorRequirement(actorFor(stranger), { teamId: team.id, required: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).requireTwoFactor).toBe(false);

    await turnOnTwoFactor(members.owner.user);
    await expect(setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: true })).resolves.toEqual({ required: true, membersWithout: 2 });
    const audit = await db.auditLog.findMany({ where: { teamId: team.id, action: "team.two_factor_changed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: members.owner.user.id, targetType: "team", targetId: team.id });
    expect(JSON.parse(audit[0].metadata)).toEqual({ required: true, membersWithoutTwoFactor: 2 });
    // Saying it again changes nothing and audits nothing.
    await setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: true });
    expect(await db.auditLog.count({ where: { teamId: team.id, action: "team.two_factor_changed" } })).toBe(1);
    await expect(setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: "yes" as never })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("refuses a member without two-factor on the server, whatever they call, and lets them in once it is on", async () => {
    const { team, members } = await makeTeam(["owner", "developer"]);
    await turnOnTwoFactor(members.owner.user);
    await setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: true });
    const dev = members.developer;

    const refused = { code: "FORBIDDEN", message: `${team.name} requires two-factor authentication. Turn it on in your account settings to open this team.` };
    // A team action called directly, as a browser's devtools could: refused before any permission or input is looked at.
    await expect(createApiKey(dev.actor, { teamId: team.id, name: "sneaky", environment: "development", expiry: "never" })).rejects.toBeInstanceOf(TwoFactorRequiredError);
    await expect(createApiKey(dev.actor, { teamId: team.id, name: "sneaky", environment: "development", expiry: "never" })).rejects.toMatchObject(refused);
    await expect(listMembers(dev.actor, team.id)).rejects.toMatchObject(refused);
    await expect(getTeamForMember(dev.user.id, team.slug)).rejects.toMatchObject({ ...refused, team: { slug: team.slug, name: team.name } });
    await expect(getTeamTwoFactorRequirement(dev.actor, team.id)).rejects.toMatchObject(refused);
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);

    // The owner (who has it) is not held up; a stranger still learns nothing, not even that the team requires it.
    await expect(listMembers(members.owner.actor, team.id)).resolves.toHaveLength(2);
    const stranger = await makeUser("stranger");
    await expect(listMembers(actorFor(stranger), team.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Team not found." });
    await expect(getTeamForMember(stranger.id, team.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await turnOnTwoFactor(dev.user);
    await expect(createApiKey(dev.actor, { teamId: team.id, name: "now fine", environment: "development", expiry: "never" })).resolves.toMatchObject({ key: { name: "now fine" } });
    await expect(getTeamForMember(dev.user.id, team.slug)).resolves.toMatchObject({ role: "developer", team: { requireTwoFactor: true } });

    // Lifted: members without two-factor are welcome again.
    await setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: false });
    const other = await makeUser("other");
    await db.membership.create({ data: { teamId: team.id, userId: other.id, role: "billing" } });
    await expect(getTeamForMember(other.id, team.slug)).resolves.toMatchObject({ role: "billing" });
  });

  it("keeps two-factor on while a team of the user requires it, naming the teams", async () => {
    const password = "a long secret phrase";
    const ada = await createUser({ name: "Ada", email: `ada-${Date.now()}@require.test`, password });
    const { secret, actor } = await turnOnTwoFactor(ada);
    for (const name of ["Beta Labs", "Acme"]) {
      const { team, members } = await makeTeam(["owner"]);
      await db.team.update({ where: { id: team.id }, data: { name } });
      await db.membership.create({ data: { teamId: team.id, userId: ada.id, role: "developer" } });
      await turnOnTwoFactor(members.owner.user);
      await setTeamTwoFactorRequirement(members.owner.actor, { teamId: team.id, required: true });
    }
    await expect(disableTwoFactor(actor, { password, code: totpCode(secret) })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: /^Acme and Beta Labs require two-factor authentication for their members/,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: ada.id } })).totpEnabledAt).not.toBeNull();
  });
});
