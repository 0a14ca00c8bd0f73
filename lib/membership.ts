import type { Actor, AdminKeyActor } from "./actor";
import type { Tx } from "./db";
import { assertTwoFactorForTeam } from "./auth/two-factor/team-requirement";
import { AppError } from "./errors";
import { adminKeyCan, can, isRole, type Permission, type Role } from "./permissions";

export type TeamMembership = { id: string; teamId: string; userId: string; role: Role };

/**
 * The caller's membership of a team, checked against a permission. A team the
 * caller does not belong to is reported as not found, so its existence leaks
 * nothing to strangers. A member without two-factor in a team that requires
 * it is refused (TwoFactorRequiredError) before any permission is looked at.
 */
export async function requireMembership(
  tx: Tx,
  who: string | Actor,
  teamId: string,
  permission?: Permission,
): Promise<TeamMembership> {
  if (typeof who !== "string" && who.adminKey) return requireAdminKeyAccess(tx, who.userId, who.adminKey, teamId, permission);
  const userId = typeof who === "string" ? who : who.userId;
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

/** Roles whose members may hold admin keys: a key stops working once its creator is no longer one. */
const ADMIN_KEY_HOLDER_ROLES: readonly Role[] = ["owner", "admin"];

/**
 * An admin key's access to its own team. It acts for its creator, so it works only while
 * the creator is still an owner or admin there (a removed or demoted admin's keys die with
 * their standing, even if they kept a copy), and with at most the key's role: `admin` as
 * a team admin, `read-only` as a reader (reported as the `billing` role, which changes nothing).
 * Any other team is not found. Two-factor is not asked of a key: it is itself the credential.
 */
async function requireAdminKeyAccess(
  tx: Tx,
  creatorId: string,
  key: AdminKeyActor,
  teamId: string,
  permission?: Permission,
): Promise<TeamMembership> {
  const row =
    key.teamId === teamId
      ? await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId: creatorId } }, select: { id: true, role: true } })
      : null;
  if (!row || !isRole(row.role) || !ADMIN_KEY_HOLDER_ROLES.includes(row.role)) throw new AppError("NOT_FOUND", "Team not found.");
  if (permission && !adminKeyCan(key.role, permission)) {
    throw new AppError("FORBIDDEN", key.role === "read-only" ? "This admin key is read-only." : "Admin keys can't do that.");
  }
  return { id: row.id, teamId, userId: creatorId, role: key.role === "admin" ? "admin" : "billing" };
}
