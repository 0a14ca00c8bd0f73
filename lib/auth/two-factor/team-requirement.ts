/**
 * Teams that require two-factor: a member without it can open nothing of the
 * team (pages, actions, routes) until they turn it on. The check sits in the
 * two functions every team access goes through: requireMembership
 * (lib/membership.ts, services) and getTeamForMember (lib/teams/queries.ts,
 * pages and routes); the team layout turns the refusal into a redirect to the
 * account page's setup (lib/teams/team-page.ts).
 */
import type { Tx } from "../../db";
import { AppError } from "../../errors";

/** Where a member is sent to set two-factor up; `team` names the team that asked (the account page checks it). */
export function twoFactorSetupPath(teamSlug: string): string {
  return `/account?twoFactorFor=${encodeURIComponent(teamSlug)}#two-factor`;
}

/** The refusal: FORBIDDEN, with the team, so a page can redirect and an action can say why. */
export class TwoFactorRequiredError extends AppError {
  readonly team: { slug: string; name: string };

  constructor(team: { slug: string; name: string }) {
    super("FORBIDDEN", `${team.name} requires two-factor authentication. Turn it on in your account settings to open this team.`);
    this.name = "TwoFactorRequiredError";
    this.team = team;
  }
}

export function isTwoFactorRequiredError(error: unknown): error is TwoFactorRequiredError {
  return error instanceof TwoFactorRequiredError;
}

/** Throws TwoFactorRequiredError when the team requires two-factor and the member has not turned it on. */
export function assertTwoFactorForTeam(
  team: { slug: string; name: string; requireTwoFactor: boolean },
  user: { totpEnabledAt: Date | null },
): void {
  if (team.requireTwoFactor && !user.totpEnabledAt) throw new TwoFactorRequiredError(team);
}

/** The user's teams that require two-factor, by name. */
export async function teamsRequiringTwoFactor(tx: Tx, userId: string): Promise<{ id: string; slug: string; name: string }[]> {
  const rows = await tx.membership.findMany({
    where: { userId, team: { requireTwoFactor: true } },
    select: { team: { select: { id: true, slug: true, name: true } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((r) => r.team);
}

/** "Acme", "Acme and Beta", "Acme, Beta and Gamma" */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
