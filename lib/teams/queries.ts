import { assertTwoFactorForTeam } from "../auth/two-factor/team-requirement";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { isRole, type Role } from "../permissions";

export type TeamSummary = { id: string; slug: string; name: string; role: Role };
export type TeamWithRole = {
  /** suspendedAt: set by an operator; the team's keys answer TEAM_SUSPENDED meanwhile. */
  team: {
    id: string;
    slug: string;
    name: string;
    description: string;
    createdAt: Date;
    suspendedAt: Date | null;
    suspendedReason: string;
    /** Members without two-factor are refused (TwoFactorRequiredError) before they get here. */
    requireTwoFactor: boolean;
  };
  role: Role;
  memberCount: number;
};

/** The user's teams with their role in each, oldest membership first (the "home" team comes first). */
export async function listMyTeams(userId: string): Promise<TeamSummary[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, team: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.flatMap((m) => (isRole(m.role) ? [{ ...m.team, role: m.role }] : []));
}

/**
 * A team the user belongs to, by slug, with their role. Strangers get the
 * same NOT_FOUND as for a slug that does not exist; a member without
 * two-factor in a team that requires it gets TwoFactorRequiredError.
 */
export async function getTeamForMember(userId: string, slug: string): Promise<TeamWithRole> {
  const membership = await db.membership.findFirst({
    where: { userId, team: { slug } },
    select: {
      role: true,
      team: {
        select: {
          id: true,
          slug: true,
          name: true,
          description: true,
          createdAt: true,
          suspendedAt: true,
          suspendedReason: true,
          requireTwoFactor: true,
          _count: { select: { memberships: true } },
        },
      },
      user: { select: { totpEnabledAt: true } },
    },
  });
  if (!membership || !isRole(membership.role)) throw new AppError("NOT_FOUND", "Team not found.");
  const { _count, ...team } = membership.team;
  assertTwoFactorForTeam(team, membership.user);
  return { team, role: membership.role, memberCount: _count.memberships };
}

/** How many owners a team has (members only): the settings page warns the last owner before they try to leave. */
export async function countTeamOwners(userId: string, teamId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, userId, teamId);
    return tx.membership.count({ where: { teamId, role: "owner" } });
  });
}
