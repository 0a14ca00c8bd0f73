import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "../actor";
import { currentPath } from "../auth/current-path";
import { currentRequestMeta, requireUserOrRedirect } from "../auth/session";
import { isTwoFactorRequiredError, twoFactorSetupPath } from "../auth/two-factor/team-requirement";
import type { SessionUser } from "../auth/users";
import { isAppError } from "../errors";
import { userFacingError } from "../validation";
import { getTeamForMember, type TeamWithRole } from "./queries";

export type TeamPageContext = TeamWithRole & { user: SessionUser };

/**
 * For pages and layouts under `/[team]`: the signed-in user, the team and
 * their role, or a 404 when they are not a member. Layouts are not re-rendered
 * on client navigation between sibling pages, so every team page calls this
 * itself; a removed member is refused on their very next request.
 * Cached per request, so the layout and the page share one query.
 */
export const requireTeamPage = cache(async (slug: string): Promise<TeamPageContext> => {
  const user = await requireUserOrRedirect(await currentPath());
  try {
    return { ...(await getTeamForMember(user.id, slug)), user };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    // Before anything of the team renders: the account page explains and sets two-factor up.
    if (isTwoFactorRequiredError(error)) redirect(twoFactorSetupPath(error.team.slug));
    throw error;
  }
});

/** The actor for service calls made while rendering a page (reads only; actions get theirs from authedAction). */
export async function pageActor(user: SessionUser): Promise<Actor> {
  return { userId: user.id, email: user.email, ...(await currentRequestMeta()) };
}

/**
 * For a service read while rendering a page from URL input (`/[team]/keys/[keyId]`):
 * something the caller may not see, or input that cannot name anything (a
 * malformed id, which the service's validation refuses), is the 404 page
 * rather than a 500. Other errors go on to the error page.
 */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const known = userFacingError(error);
    if (known && (known.code === "NOT_FOUND" || known.code === "INVALID")) notFound();
    throw error;
  }
}
