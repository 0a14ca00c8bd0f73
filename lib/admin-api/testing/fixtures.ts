/** Tests: a team with a member of every role and an admin key of every kind, plus a stranger team. */
import { db } from "../../db";
import { makeTeam } from "../../testing/factories";
import type { Role } from "../../permissions";
import { createAdminKey } from "./start-admin-api";

export async function teamWithKeys() {
  const { team, members } = await makeTeam(["owner", "admin", "developer", "billing"]);
  const admin = await createAdminKey(team.id, members.admin.user.id, "admin", { name: "Provisioning" });
  const readOnly = await createAdminKey(team.id, members.owner.user.id, "read-only", { name: "Reporting" });
  const ownersAdmin = await createAdminKey(team.id, members.owner.user.id, "admin", { name: "Owner's automation" });
  const revoked = await createAdminKey(team.id, members.owner.user.id, "admin", { name: "Old", revokedAt: new Date(Date.now() - 1000) });
  return { team, members, keys: { admin, readOnly, ownersAdmin, revoked } };
}

export type TeamWithKeys = Awaited<ReturnType<typeof teamWithKeys>>;

/** A fresh admin of `teamId` with an admin key, then demoted: the key must stop working. */
export async function keyOfDemotedAdmin(teamId: string, to: Role = "developer") {
  const { members } = await makeTeam(["admin"]);
  const user = members.admin.user;
  await db.membership.create({ data: { teamId, userId: user.id, role: "admin" } });
  const key = await createAdminKey(teamId, user.id, "admin", { name: "Demoted admin's key" });
  await db.membership.update({ where: { teamId_userId: { teamId, userId: user.id } }, data: { role: to } });
  return key;
}

/** What a refused request must leave untouched. */
export async function teamSnapshot(teamId: string) {
  const [memberships, invitations, audit] = await Promise.all([
    db.membership.findMany({ where: { teamId }, orderBy: { id: "asc" }, select: { userId: true, role: true } }),
    db.invitation.findMany({ where: { teamId }, orderBy: { id: "asc" }, select: { id: true, email: true, role: true, revokedAt: true } }),
    db.auditLog.count({ where: { teamId } }),
  ]);
  return { memberships, invitations, audit };
}
