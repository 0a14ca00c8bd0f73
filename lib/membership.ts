import type { Tx } from "./db";
import { AppError } from "./errors";
import { can, isRole, type Permission, type Role } from "./permissions";

export type TeamMembership = { id: string; teamId: string; userId: string; role: Role };

/**
 * The caller's membership of a team, checked against a permission. A team the
 * caller does not belong to is reported as not found, so its existence leaks
 * nothing to strangers.
 */
export async function requireMembership(
  tx: Tx,
  userId: string,
  teamId: string,
  permission?: Permission,
): Promise<TeamMembership> {
  const membership = await tx.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { id: true, teamId: true, userId: true, role: true },
  });
  if (!membership || !isRole(membership.role)) throw new AppError("NOT_FOUND", "Team not found.");
  const role = membership.role;
  if (permission && !can(role, permission)) {
    throw new AppError("FORBIDDEN", "Your role in this team doesn't allow that.");
  }
  return { ...membership, role };
}
