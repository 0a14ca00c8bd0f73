/**
 * An invitation is only as good as its inviter's authority: a removed or
 * demoted admin must not regain their role by accepting, from a second
 * address, an invitation they sent earlier.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditDetails } from "../audit/labels";
import { db } from "../db";
import { changeMemberRole } from "../members/change-member-role";
import { removeMember } from "../members/remove-member";
import { membershipId, roleOf } from "../members/test-helpers";
import type { Role } from "../permissions";
import { leaveTeam } from "../teams/leave-team";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { acceptInvitation, inviterLostAuthorityMessage } from "./accept-invitation";
import { getInvitationByToken } from "./get-invitation-by-token";
import { inviteMember } from "./invite-member";
import { auditRows, quietEmailLog, resetInvitationLimits, tokenOf } from "./test-helpers";

beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Writes straight to the table, as if the role had changed before this check existed (no cascade). */
const setRoleRaw = (id: string, role: Role) => db.$transaction((tx) => tx.membership.update({ where: { id }, data: { role } }));
const deleteRaw = (id: string) => db.$transaction((tx) => tx.membership.delete({ where: { id } }));

async function setup() {
  const t = await makeTeam(["owner", "admin", "developer"]);
  // The admin's second mailbox, and someone else they invite.
  const second = await makeUser("second");
  const friend = await makeUser("friend");
  const send = async (from: "owner" | "admin", to: { email: string }, role: Role) => {
    const issued = await inviteMember(t.members[from].actor, { teamId: t.team.id, email: to.email, role });
    return { ...issued, token: tokenOf(issued.inviteUrl) };
  };
  const id = (role: "owner" | "admin" | "developer") => membershipId(t.team.id, t.members[role].user.id);
  return { ...t, second, friend, send, id };
}

async function stateOf(invitationId: string) {
  const row = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
  return row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : "open";
}

describe("accepting re-checks the inviter's authority", () => {
  it("refuses, and revokes, an invitation whose inviter is no longer a member", async () => {
    const { team, members, second, send, id } = await setup();
    const inv = await send("admin", second, "admin");
    await deleteRaw(await id("admin"));

    const attempt = acceptInvitation(actorFor(second), { token: inv.token });
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", message: inviterLostAuthorityMessage("admin", team.name) });
    expect(await roleOf(team.id, second.id)).toBeNull();
    expect(await auditRows(team.id, "member.joined")).toHaveLength(0);

    // The revocation was committed although the accept was refused, and audited once.
    expect(await stateOf(inv.invitationId)).toBe("revoked");
    expect((await getInvitationByToken(inv.token)).state).toBe("revoked");
    const [entry] = await auditRows(team.id, "invitation.revoked");
    expect(entry).toMatchObject({ actorId: second.id, targetId: inv.invitationId, targetLabel: second.email });
    expect(JSON.parse(entry.metadata)).toEqual({
      role: "admin",
      reason: "inviter_cannot_grant",
      inviterId: members.admin.user.id,
      inviterEmail: members.admin.user.email,
    });
    await expect(acceptInvitation(actorFor(second), { token: inv.token })).rejects.toMatchObject({ message: expect.stringContaining("revoked") });
    expect(await auditRows(team.id, "invitation.revoked")).toHaveLength(1);
  });

  it("refuses every invitation of an inviter demoted to a role that cannot invite", async () => {
    const { team, friend, send, id } = await setup();
    const inv = await send("admin", friend, "billing");
    await setRoleRaw(await id("admin"), "developer");
    await expect(acceptInvitation(actorFor(friend), { token: inv.token })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await roleOf(team.id, friend.id)).toBeNull();
    expect(await stateOf(inv.invitationId)).toBe("revoked");
  });

  it("refuses an owner invitation from a former owner, but honours the roles they can still grant", async () => {
    const { team, members, second, friend, send } = await setup();
    const asOwner = await send("owner", second, "owner");
    const asAdmin = await send("owner", friend, "admin");
    // Another owner exists, so the first one can be demoted; done raw, so nothing is revoked yet.
    await setRoleRaw(await membershipId(team.id, members.admin.user.id), "owner");
    await setRoleRaw(await membershipId(team.id, members.owner.user.id), "admin");

    await expect(acceptInvitation(actorFor(second), { token: asOwner.token })).rejects.toMatchObject({
      message: inviterLostAuthorityMessage("owner", team.name),
    });
    expect(await roleOf(team.id, second.id)).toBeNull();
    await expect(acceptInvitation(actorFor(friend), { token: asAdmin.token })).resolves.toMatchObject({ role: "admin", alreadyMember: false });
  });

  it("does not let someone holding the link with another address revoke it", async () => {
    const { team, friend, send, id } = await setup();
    const inv = await send("admin", friend, "developer");
    await deleteRaw(await id("admin"));
    const intruder = await makeUser("intruder");
    await expect(acceptInvitation(actorFor(intruder), { token: inv.token })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await stateOf(inv.invitationId)).toBe("open");
    expect(await auditRows(team.id, "invitation.revoked")).toHaveLength(0);
  });
});

describe("removing, demoting or leaving revokes what the member can no longer grant", () => {
  it("removing an admin revokes their open invitations (expired ones too), in the same change, audited one by one", async () => {
    const { team, members, second, friend, send, id } = await setup();
    const own = await send("admin", second, "admin");
    const expired = await send("admin", friend, "developer");
    await db.$transaction((tx) => tx.invitation.update({ where: { id: expired.invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    const byOwner = await send("owner", await makeUser("kept"), "developer");

    const result = await removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("admin") });
    expect(result.revokedInvitations).toBe(2);
    expect(await stateOf(own.invitationId)).toBe("revoked");
    expect(await stateOf(expired.invitationId)).toBe("revoked");
    expect(await stateOf(byOwner.invitationId)).toBe("open");

    const revoked = await auditRows(team.id, "invitation.revoked");
    expect(revoked.map((r) => r.targetId).sort()).toEqual([own.invitationId, expired.invitationId].sort());
    for (const row of revoked) {
      expect(row.actorId).toBe(members.owner.user.id);
      expect(JSON.parse(row.metadata)).toMatchObject({ reason: "inviter_removed", inviterId: members.admin.user.id, inviterEmail: members.admin.user.email });
    }
    const [removal] = await auditRows(team.id, "member.removed");
    expect(JSON.parse(removal.metadata)).toEqual({ role: "admin", revokedInvitations: 2 });

    // The exploit from the issue: the removed admin accepts from their second address.
    await expect(acceptInvitation(actorFor(second), { token: own.token })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("revoked") });
    expect(await roleOf(team.id, second.id)).toBeNull();
  });

  it("demoting an owner to admin revokes only their owner invitations", async () => {
    const { team, members, second, friend, send, id } = await setup();
    const asOwner = await send("owner", second, "owner");
    const asAdmin = await send("owner", friend, "admin");
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "owner" });

    const result = await changeMemberRole(members.admin.actor, { teamId: team.id, membershipId: await id("owner"), role: "admin" });
    expect(result).toMatchObject({ changed: true, revokedInvitations: 1 });
    expect(await stateOf(asOwner.invitationId)).toBe("revoked");
    expect(await stateOf(asAdmin.invitationId)).toBe("open");
    const [entry] = await auditRows(team.id, "invitation.revoked");
    expect(entry).toMatchObject({ actorId: members.admin.user.id, targetId: asOwner.invitationId });
    expect(JSON.parse(entry.metadata)).toMatchObject({ reason: "inviter_role_changed", role: "owner" });
    const changes = await auditRows(team.id, "member.role_changed");
    expect(changes.map((c) => JSON.parse(c.metadata))).toContainEqual({ from: "owner", to: "admin", revokedInvitations: 1 });
  });

  it("demoting an admin to developer revokes all their invitations; promoting revokes none", async () => {
    const { team, members, friend, send, id } = await setup();
    const inv = await send("admin", friend, "billing");
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "owner" });
    expect(await stateOf(inv.invitationId)).toBe("open");
    const result = await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("admin"), role: "developer" });
    expect(result.revokedInvitations).toBe(1);
    expect(await stateOf(inv.invitationId)).toBe("revoked");
  });

  it("a refused change revokes nothing (the last owner cannot step down)", async () => {
    const { team, members, second, send, id } = await setup();
    const inv = await send("owner", second, "owner");
    await expect(changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: await id("owner"), role: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await stateOf(inv.invitationId)).toBe("open");
    expect(await auditRows(team.id, "invitation.revoked")).toHaveLength(0);
  });

  it("leaving revokes the leaver's invitations, by the leaver", async () => {
    const { team, members, friend, send } = await setup();
    const inv = await send("admin", friend, "developer");
    const result = await leaveTeam(members.admin.actor, { teamId: team.id });
    expect(result.revokedInvitations).toBe(1);
    expect(await stateOf(inv.invitationId)).toBe("revoked");
    const [entry] = await auditRows(team.id, "invitation.revoked");
    expect(entry.actorId).toBe(members.admin.user.id);
    expect(JSON.parse(entry.metadata)).toMatchObject({ reason: "inviter_left" });
    await expect(acceptInvitation(actorFor(friend), { token: inv.token })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("leaves accepted invitations alone", async () => {
    const { team, members, friend, send, id } = await setup();
    const inv = await send("admin", friend, "developer");
    await acceptInvitation(actorFor(friend), { token: inv.token });
    const result = await removeMember(members.owner.actor, { teamId: team.id, membershipId: await id("admin") });
    expect(result.revokedInvitations).toBe(0);
    expect(await stateOf(inv.invitationId)).toBe("accepted");
    expect(await roleOf(team.id, friend.id)).toBe("developer");
  });
});

describe("audit log wording", () => {
  it("says why an invitation was revoked automatically", () => {
    const meta = (reason: string) => ({ role: "admin", reason, inviterEmail: "ann@example.test" });
    expect(auditDetails("invitation.revoked", meta("inviter_removed"))).toBe("as Admin · ann@example.test was removed from the team");
    expect(auditDetails("invitation.revoked", meta("inviter_left"))).toBe("as Admin · ann@example.test left the team");
    expect(auditDetails("invitation.revoked", meta("inviter_role_changed"))).toBe("as Admin · ann@example.test's new role can't grant it");
    expect(auditDetails("invitation.revoked", meta("inviter_cannot_grant"))).toBe("as Admin · refused on acceptance: ann@example.test can no longer grant it");
    expect(auditDetails("invitation.revoked", { role: "admin" })).toBe("as Admin");
    expect(auditDetails("member.removed", { role: "admin", revokedInvitations: 2 })).toBe("was Admin · 2 pending invitations revoked");
    expect(auditDetails("member.role_changed", { from: "owner", to: "admin", revokedInvitations: 1 })).toBe("Owner → Admin · 1 pending invitation revoked");
  });
});
