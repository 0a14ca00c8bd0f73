import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { acceptInvitation } from "./accept-invitation";
import { getInvitationByToken } from "./get-invitation-by-token";
import { inviteMember } from "./invite-member";
import { revokeInvitation } from "./revoke-invitation";
import { auditRows, quietEmailLog, resetInvitationLimits, tokenOf } from "./test-helpers";

beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function invitedUser(role: "admin" | "developer" = "developer") {
  const t = await makeTeam(["owner", "admin"]);
  const user = await makeUser("invitee");
  const issued = await inviteMember(t.members.owner.actor, { teamId: t.team.id, email: user.email.toUpperCase(), role, message: "Hi" });
  return { ...t, user, actor: actorFor(user), token: tokenOf(issued.inviteUrl), issued };
}

describe("getInvitationByToken", () => {
  it("describes a valid invitation for the accept page", async () => {
    const { team, members, user, token } = await invitedUser();
    const lookup = await getInvitationByToken(token);
    expect(lookup.state).toBe("valid");
    expect(lookup.invitation).toMatchObject({
      email: user.email,
      role: "developer",
      message: "Hi",
      team: { id: team.id, name: team.name, slug: team.slug },
      invitedBy: { name: members.owner.user.name, email: members.owner.user.email },
    });
  });

  it("reports expired, revoked, used and unknown tokens", async () => {
    const { members, team, actor, token, issued } = await invitedUser();
    expect((await getInvitationByToken("nope")).state).toBe("not_found");
    expect((await getInvitationByToken("A".repeat(43))).state).toBe("not_found");
    expect((await getInvitationByToken(token, new Date(Date.now() + 8 * 86_400_000))).state).toBe("expired");
    await acceptInvitation(actor, { token });
    expect((await getInvitationByToken(token)).state).toBe("accepted");

    const other = await inviteMember(members.owner.actor, { teamId: team.id, email: "r@example.test", role: "billing" });
    await revokeInvitation(members.owner.actor, { teamId: team.id, invitationId: other.invitationId });
    expect((await getInvitationByToken(tokenOf(other.inviteUrl))).state).toBe("revoked");
    expect(issued.invitationId).toBeTruthy();
  });
});

describe("acceptInvitation", () => {
  it("adds the signed-in invitee with the invited role, marks it used and audits member.joined", async () => {
    const { team, user, actor, token, issued } = await invitedUser("admin");
    const result = await acceptInvitation(actor, { token });
    expect(result).toMatchObject({ team: { id: team.id, slug: team.slug }, role: "admin", alreadyMember: false });
    const membership = await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
    expect(membership.role).toBe("admin");
    const row = await db.invitation.findUniqueOrThrow({ where: { id: issued.invitationId } });
    expect(row.acceptedAt).not.toBeNull();
    const [entry] = await auditRows(team.id, "member.joined");
    expect(entry).toMatchObject({ actorId: user.id, targetId: user.id, targetLabel: user.email });
    expect(JSON.parse(entry.metadata)).toMatchObject({ role: "admin", invitationId: issued.invitationId });
  });

  it("accepts with a differently-cased address on the session", async () => {
    const { actor, token } = await invitedUser();
    await expect(acceptInvitation({ ...actor, email: actor.email.toUpperCase() }, { token })).resolves.toMatchObject({ alreadyMember: false });
  });

  it("refuses someone signed in with another address, naming the invited one", async () => {
    const { team, user, token } = await invitedUser();
    const intruder = actorFor(await makeUser("intruder"));
    await expect(acceptInvitation(intruder, { token })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`sent to ${user.email}`),
    });
    expect(await db.membership.count({ where: { teamId: team.id, userId: intruder.userId } })).toBe(0);
    expect((await getInvitationByToken(token)).state).toBe("valid");
    expect(await auditRows(team.id, "member.joined")).toHaveLength(0);
  });

  it("works only once", async () => {
    const { team, actor, token } = await invitedUser();
    await acceptInvitation(actor, { token });
    await expect(acceptInvitation(actor, { token })).rejects.toMatchObject({ code: "CONFLICT", message: "This invitation has already been used." });
    expect(await auditRows(team.id, "member.joined")).toHaveLength(1);
  });

  it("lets only one of two simultaneous accepts through", async () => {
    const { team, user, actor, token } = await invitedUser();
    const results = await Promise.allSettled([acceptInvitation(actor, { token }), acceptInvitation(actor, { token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { teamId: team.id, userId: user.id } })).toBe(1);
    expect(await auditRows(team.id, "member.joined")).toHaveLength(1);
  });

  it("refuses an expired invitation", async () => {
    const { team, actor, token, issued } = await invitedUser();
    await db.invitation.update({ where: { id: issued.invitationId }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(acceptInvitation(actor, { token })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("expired") });
    expect(await db.membership.count({ where: { teamId: team.id, userId: actor.userId } })).toBe(0);
  });

  it("refuses a revoked invitation", async () => {
    const { team, members, actor, token, issued } = await invitedUser();
    await revokeInvitation(members.admin.actor, { teamId: team.id, invitationId: issued.invitationId });
    await expect(acceptInvitation(actor, { token })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("revoked") });
    expect(await db.membership.count({ where: { teamId: team.id, userId: actor.userId } })).toBe(0);
  });

  it("refuses unknown or mangled tokens", async () => {
    const { actor, token } = await invitedUser();
    await expect(acceptInvitation(actor, { token: token.slice(0, -1) + (token.endsWith("A") ? "B" : "A") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(acceptInvitation(actor, { token: "short" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only marks the invitation used when the invitee is already a member, keeping their role", async () => {
    const { team, user, actor, token, issued } = await invitedUser("admin");
    await db.membership.create({ data: { teamId: team.id, userId: user.id, role: "billing" } });
    const result = await acceptInvitation(actor, { token });
    expect(result).toMatchObject({ alreadyMember: true, role: "billing" });
    expect((await db.invitation.findUniqueOrThrow({ where: { id: issued.invitationId } })).acceptedAt).not.toBeNull();
    expect(await auditRows(team.id, "member.joined")).toHaveLength(0);
  });
});
