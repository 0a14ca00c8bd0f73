import type { Tx } from "../db";
import { AppError } from "../errors";
import { isRole, type Role } from "../permissions";

export type TargetMember = { id: string; userId: string; role: Role; email: string; name: string };

/** A membership of this team by id; one from another team is simply not found. */
export async function findTargetMember(tx: Tx, teamId: string, membershipId: string): Promise<TargetMember> {
  const row = await tx.membership.findFirst({
    where: { id: membershipId, teamId },
    select: { id: true, userId: true, role: true, user: { select: { email: true, name: true } } },
  });
  if (!row || !isRole(row.role)) {
    throw new AppError("NOT_FOUND", "That member is no longer in this team. Refresh the page.");
  }
  return { id: row.id, userId: row.userId, role: row.role, email: row.user.email, name: row.user.name };
}

export function countOwners(tx: Tx, teamId: string): Promise<number> {
  return tx.membership.count({ where: { teamId, role: "owner" } });
}

export const LAST_OWNER_MESSAGE =
  "A team needs at least one owner. Make another member an owner first.";
