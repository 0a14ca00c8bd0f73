import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { ROLES } from "../permissions";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { inviteMember } from "./invite-member";
import { listPendingInvitations } from "./list-pending-invitations";
import { quietEmailLog, resetInvitationLimits } from "./test-helpers";

beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("listPendingInvitations", () => {
  it.each(ROLES)("shows a %s who invited, role, sent and expiry, without accepted or revoked ones", async (role) => {
    const { team, members } = await makeTeam();
    const owner = members.owner.actor;
    await inviteMember(owner, { teamId: team.id, email: "a@example.test", role: "developer" });
    const b = await inviteMember(members.admin.actor, { teamId: team.id, email: "b@example.test", role: "billing" });
    const c = await inviteMember(owner, { teamId: team.id, email: "c@example.test", role: "admin" });
    const d = await inviteMember(owner, { teamId: team.id, email: "d@example.test", role: "admin" });
    await db.invitation.update({ where: { id: c.invitationId }, data: { acceptedAt: new Date() } });
    await db.invitation.update({ where: { id: d.invitationId }, data: { revokedAt: new Date() } });
    await db.invitation.update({ where: { id: b.invitationId }, data: { expiresAt: new Date(Date.now() - 1) } });

    const rows = await listPendingInvitations(members[role].actor, team.id);
    expect(rows.map((r) => r.email).sort()).toEqual(["a@example.test", "b@example.test"]);
    const rowB = rows.find((r) => r.email === "b@example.test")!;
    expect(rowB).toMatchObject({ role: "billing", expired: true, invitedBy: { name: members.admin.user.name, email: members.admin.user.email } });
    expect(rowB.sentAt).toBeInstanceOf(Date);
    expect(rows.find((r) => r.email === "a@example.test")!.expired).toBe(false);
  });

  it("tells a stranger the team does not exist", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(listPendingInvitations(stranger, team.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
