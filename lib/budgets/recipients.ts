import { db } from "../db";
import { teamBudgetOf } from "../policy/team-budget";

export type AlertTeam = {
  id: string;
  name: string;
  slug: string;
  budgetMicros: number | null;
  roleRecipients: string[];
  extraRecipients: string[];
  /** Every member's email by user id, to reach a key's creator. */
  memberEmails: Map<string, string>;
};

export async function loadAlertTeams(teamIds: readonly string[]): Promise<Map<string, AlertTeam>> {
  if (teamIds.length === 0) return new Map();
  const teams = await db.team.findMany({
    where: { id: { in: [...teamIds] } },
    select: {
      id: true,
      name: true,
      slug: true,
      budgetMicros: true,
      alertThresholds: true,
      alertRoles: true,
      alertEmails: true,
      memberships: { select: { role: true, userId: true, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  return new Map(
    teams.map((team) => {
      const settings = teamBudgetOf(team);
      const roles = new Set<string>(settings.alertRoles);
      return [
        team.id,
        {
          id: team.id,
          name: team.name,
          slug: team.slug,
          budgetMicros: settings.budgetMicros,
          roleRecipients: team.memberships.filter((m) => roles.has(m.role)).map((m) => m.user.email),
          extraRecipients: settings.alertEmails,
          memberEmails: new Map(team.memberships.map((m) => [m.userId, m.user.email])),
        },
      ];
    }),
  );
}

/**
 * Members whose role is in the team's alert roles, then (for a key's alert)
 * the key's creator while still a member, since developers manage their own
 * keys' budgets, then the extra addresses; each address once, in any case.
 */
export function alertRecipients(team: AlertTeam, keyCreatorId: string | null): string[] {
  const creator = keyCreatorId ? team.memberEmails.get(keyCreatorId) : undefined;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const email of [...team.roleRecipients, ...(creator ? [creator] : []), ...team.extraRecipients]) {
    const normal = email.trim().toLowerCase();
    if (!normal || seen.has(normal)) continue;
    seen.add(normal);
    out.push(normal);
  }
  return out;
}
