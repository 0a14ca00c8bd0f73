import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { makeTeam } from "../testing/factories";
import { getInvitationByToken } from "./get-invitation-by-token";
import { inviteMember } from "./invite-member";
import { listPendingInvitations } from "./list-pending-invitations";
import { resendInvitation } from "./resend-invitation";
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

async function invited(role: "owner" | "developer" = "developer") {
  const t = await makeTeam();
  const issued = await inviteMember(t.members.owner.actor, { teamId: t.team.id, email: "guest@example.test", role });
  return { ...t, issued, ref: { teamId: t.team.id, invitationId: issued.invitationId } };
}

describe("resendInvitation", () => {
  it("issues a new token, kills the old one and restarts the 7 days", async () => {
    const { team, members, issued, ref } = await invited();
    await db.invitation.update({ where: { id: ref.invitationId }, data: { expiresAt: new Date(Date.now() + 60_000), sentAt: new Date(Date.now() - 86_400_000) } });
    const again = await resendInvitation(members.admin.actor, ref);

    expect(tokenOf(again.inviteUrl)).not.toBe(tokenOf(issued.inviteUrl));
    expect((await getInvitationByToken(tokenOf(issued.inviteUrl))).state).toBe("not_found");
    expect((await getInvitationByToken(tokenOf(again.inviteUrl))).state).toBe("valid");
    const row = await db.invitation.findUniqueOrThrow({ where: { id: ref.invitationId } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    expect(row.sentAt.getTime()).toBeGreaterThan(Date.now() - 10_000);
    const [entry] = await auditRows(team.id, "invitation.resent");
    expect(entry).toMatchObject({ actorId: members.admin.user.id, targetId: ref.invitationId, targetLabel: "guest@example.test" });
    expect(vi.mocked(console.log).mock.calls.flat().join("\n")).toContain(again.inviteUrl);
  });

  it("revives an expired invitation", async () => {
    const { members, ref } = await invited();
    await db.invitation.update({ where: { id: ref.invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const again = await resendInvitation(members.owner.actor, ref);
    expect((await getInvitationByToken(tokenOf(again.inviteUrl))).state).toBe("valid");
  });

  it.each(["developer", "billing"] as const)("refuses a %s", async (role) => {
    const { team, members, issued, ref } = await invited();
    await expect(resendInvitation(members[role].actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getInvitationByToken(tokenOf(issued.inviteUrl))).state).toBe("valid");
    expect(await auditRows(team.id, "invitation.resent")).toHaveLength(0);
  });

  it("refuses an admin re-issuing an owner invitation", async () => {
    const { members, ref } = await invited("owner");
    await expect(resendInvitation(members.admin.actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses revoked and accepted invitations", async () => {
    const { members, ref } = await invited();
    await revokeInvitation(members.owner.actor, ref);
    await expect(resendInvitation(members.owner.actor, ref)).rejects.toMatchObject({ code: "CONFLICT" });
    await db.invitation.update({ where: { id: ref.invitationId }, data: { revokedAt: null, acceptedAt: new Date() } });
    await expect(resendInvitation(members.owner.actor, ref)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("does not find another team's invitation", async () => {
    const { ref } = await invited();
    const other = await makeTeam(["owner"]);
    await expect(resendInvitation(other.members.owner.actor, { teamId: other.team.id, invitationId: ref.invitationId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("revokeInvitation", () => {
  it("kills the link, drops it from the pending list and audits once", async () => {
    const { team, members, issued, ref } = await invited();
    await revokeInvitation(members.admin.actor, ref);
    await revokeInvitation(members.admin.actor, ref);
    expect((await getInvitationByToken(tokenOf(issued.inviteUrl))).state).toBe("revoked");
    expect(await listPendingInvitations(members.owner.actor, team.id)).toHaveLength(0);
    const entries = await auditRows(team.id, "invitation.revoked");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: members.admin.user.id, targetId: ref.invitationId });
  });

  it.each(["developer", "billing"] as const)("refuses a %s", async (role) => {
    const { team, members, issued, ref } = await invited();
    await expect(revokeInvitation(members[role].actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getInvitationByToken(tokenOf(issued.inviteUrl))).state).toBe("valid");
    expect(await auditRows(team.id, "invitation.revoked")).toHaveLength(0);
  });

  it("refuses an invitation that was already accepted", async () => {
    const { members, ref } = await invited();
    await db.invitation.update({ where: { id: ref.invitationId }, data: { acceptedAt: new Date() } });
    await expect(revokeInvitation(members.owner.actor, ref)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
