import type { Actor } from "../actor";
import { db } from "../db";
import { requireMembership } from "../membership";
import { isRole, roleRank, type Role } from "../permissions";

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
};

/** Everyone in the team, owners first; any member may look, strangers get NOT_FOUND. */
export async function listMembers(actor: Actor, teamId: string): Promise<MemberRow[]> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "members.read");
    const rows = await tx.membership.findMany({
      where: { teamId },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows
      .filter((row) => isRole(row.role))
      .map((row) => ({
        membershipId: row.id,
        userId: row.user.id,
        name: row.user.name,
        email: row.user.email,
        role: row.role as Role,
        joinedAt: row.createdAt,
      }))
      .sort((a, b) => roleRank(b.role) - roleRank(a.role) || a.joinedAt.getTime() - b.joinedAt.getTime());
  });
}
