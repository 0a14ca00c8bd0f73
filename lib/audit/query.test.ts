import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { inviteMember } from "../invitations/invite-member";
import { resetInvitationLimits } from "../invitations/test-helpers";
import { changeMemberRole } from "../members/change-member-role";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { auditActionLabel, auditDetails } from "./labels";
import { createAdminKey } from "../admin-api/testing/start-admin-api";
import { listAuditActors, listAuditLog } from "./query";

beforeEach(async () => {
  vi.stubEnv("SMTP_HOST", "");
  vi.spyOn(console, "log").mockImplementation(() => {});
  // Every test invites the same addresses, and an address gets 3 invitation emails a day.
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A team whose log holds, oldest first: 3 invitations by the owner, 1 by the admin, 1 role change (of `extra`) by the owner. */
async function teamWithHistory() {
  const t = await makeTeam();
  const { owner, admin } = t.members;
  const extra = await makeUser("extra");
  for (const email of ["a@example.test", "b@example.test", "c@example.test"]) {
    await inviteMember(owner.actor, { teamId: t.team.id, email, role: "developer" });
  }
  await inviteMember({ ...admin.actor, ip: "10.0.0.9", userAgent: "Mozilla/5.0 Test" }, { teamId: t.team.id, email: "d@example.test", role: "billing" });
  const dev = await db.membership.create({ data: { teamId: t.team.id, userId: extra.id, role: "developer" } });
  await changeMemberRole(owner.actor, { teamId: t.team.id, membershipId: dev.id, role: "admin" });
  return { ...t, extra };
}

describe("listAuditLog", () => {
  it.each(["owner", "admin"] as const)("shows a %s every entry, newest first, with actor, target, IP and user agent", async (role) => {
    const { team, members, extra } = await teamWithHistory();
    const page = await listAuditLog(members[role].actor, { teamId: team.id });
    expect(page.total).toBe(5);
    expect(page.entries.map((e) => e.action)).toEqual([
      "member.role_changed",
      "member.invited",
      "member.invited",
      "member.invited",
      "member.invited",
    ]);
    expect(page.entries[0]).toMatchObject({
      actor: { id: members.owner.user.id, email: members.owner.user.email, name: members.owner.user.name },
      targetLabel: extra.email,
      metadata: { from: "developer", to: "admin" },
    });
    expect(page.entries[1]).toMatchObject({ targetLabel: "d@example.test", ip: "10.0.0.9", userAgent: "Mozilla/5.0 Test" });
  });

  it.each(["developer", "billing"] as const)("refuses a %s", async (role) => {
    const { team, members } = await teamWithHistory();
    await expect(listAuditLog(members[role].actor, { teamId: team.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAuditActors(members[role].actor, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("tells a stranger the team does not exist", async () => {
    const { team } = await teamWithHistory();
    const stranger = actorFor(await makeUser("stranger"));
    await expect(listAuditLog(stranger, { teamId: team.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("filters by action and by actor", async () => {
    const { team, members } = await teamWithHistory();
    const changes = await listAuditLog(members.owner.actor, { teamId: team.id, action: "member.role_changed" });
    expect(changes.entries.map((e) => e.action)).toEqual(["member.role_changed"]);
    const byAdmin = await listAuditLog(members.owner.actor, { teamId: team.id, actorId: members.admin.user.id });
    expect(byAdmin.entries.map((e) => e.targetLabel)).toEqual(["d@example.test"]);
    const both = await listAuditLog(members.owner.actor, { teamId: team.id, action: "member.role_changed", actorId: members.admin.user.id });
    expect(both.total).toBe(0);
  });

  it("pages through the log", async () => {
    const { team, members } = await teamWithHistory();
    const first = await listAuditLog(members.owner.actor, { teamId: team.id, pageSize: 2, page: 1 });
    const third = await listAuditLog(members.owner.actor, { teamId: team.id, pageSize: 2, page: 3 });
    expect(first).toMatchObject({ total: 5, pageCount: 3, page: 1 });
    expect(first.entries).toHaveLength(2);
    expect(third.entries).toHaveLength(1);
    expect(third.entries[0].targetLabel).toBe("a@example.test");
    const all = new Set([...first.entries, ...third.entries].map((e) => e.id));
    expect(all.size).toBe(3);
  });

  it("never shows another team's entries", async () => {
    const mine = await teamWithHistory();
    const other = await makeTeam(["owner"]);
    await inviteMember(other.members.owner.actor, { teamId: other.team.id, email: "z@example.test", role: "billing" });
    await expect(listAuditLog(mine.members.owner.actor, { teamId: other.team.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const theirs = await listAuditLog(other.members.owner.actor, { teamId: other.team.id });
    expect(theirs.entries.map((e) => e.targetLabel)).toEqual(["z@example.test"]);
  });

  it("rejects an unknown action filter", async () => {
    const { team, members } = await teamWithHistory();
    await expect(listAuditLog(members.owner.actor, { teamId: team.id, action: "drop.tables" as never })).rejects.toThrow();
  });
});

describe("listAuditActors", () => {
  it("offers current members and past actors", async () => {
    const { team, members } = await teamWithHistory();
    await db.membership.deleteMany({ where: { teamId: team.id, userId: members.admin.user.id } });
    const options = await listAuditActors(members.owner.actor, team.id);
    const ids = options.map((o) => o.id);
    expect(ids).toContain(members.admin.user.id);
    expect(ids).toContain(members.billing.user.id);
    expect(options.find((o) => o.id === members.owner.user.id)!.label).toContain(members.owner.user.email);
  });
});

describe("changes made through the Admin API", () => {
  it("offers the team's admin keys in the actor filter, and filtering by one finds only what it changed", async () => {
    const { team, members } = await teamWithHistory();
    const key = await createAdminKey(team.id, members.admin.user.id, "admin", { name: "Terraform" });
    const viaKey = { ...members.admin.actor, adminKey: { id: key.id, name: "Terraform", role: "admin" as const, teamId: team.id } };
    await inviteMember(viaKey, { teamId: team.id, email: "via-key@example.test", role: "developer" });

    const options = await listAuditActors(members.owner.actor, team.id);
    expect(options.find((o) => o.id === key.id)?.label).toContain('Admin key "Terraform"');

    const byKey = await listAuditLog(members.owner.actor, { teamId: team.id, actorId: key.id });
    expect(byKey.entries.map((e) => [e.action, e.targetLabel, e.actor.email])).toEqual([
      ["member.invited", "via-key@example.test", 'admin key "Terraform"'],
    ]);
    // The admin in person made one invitation; the key's is not counted as theirs.
    const byAdmin = await listAuditLog(members.owner.actor, { teamId: team.id, actorId: members.admin.user.id });
    expect(byAdmin.total).toBe(1);
  });
});

describe("labels", () => {
  it("names actions and summarises role changes for people", () => {
    expect(auditActionLabel("member.role_changed")).toBe("Role changed");
    expect(auditDetails("member.role_changed", { from: "developer", to: "admin" })).toBe("Developer → Admin");
    expect(auditDetails("member.invited", { role: "billing" })).toBe("as Billing viewer");
    expect(auditDetails("member.removed", { role: "admin" })).toBe("was Admin");
  });
});
