import type { Tx } from "./db";
import { assertTwoFactorForTeam } from "./auth/two-factor/team-requirement";
import { AppError } from "./errors";
import { can, isRole, type Permission, type Role } from "./permissions";

export type TeamMembership = { id: string; teamId: string; userId: string; role: Role };

/**
 * The caller's membership of a team, checked against a permission. A team the
 * caller does not belong to is reported as not found, so its existence leaks
 * nothing to strangers. A member without two-factor in a team that requires
 * it is refused (TwoFactorRequiredError) before any permission is looked at.
 */
export async function requireMembership(
  tx: Tx,
  userId: string,
  teamId: string,
  permission?: Permission,
): Promise<TeamMembership> {
  const row = await tx.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: {
      id: true,
      teamId: true,
      userId: true,
      role: true,
      team: { select: { slug: true, name: true, requireTwoFactor: true } },
      user: { select: { totpEnabledAt: true } },
    },
  });
  if (!row || !isRole(row.role)) throw new AppError("NOT_FOUND", "Team not found.");
  // A team that requires two-factor is closed to members without it, whatever they try to do there.
  assertTwoFactorForTeam(row.team, row.user);
  const role = row.role;
  if (permission && !can(role, permission)) {
    throw new AppError("FORBIDDEN", "Your role in this team doesn't allow that.");
  }
  return { id: row.id, teamId: row.teamId, userId: row.userId, role };
}
