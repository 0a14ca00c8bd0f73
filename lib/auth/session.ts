import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "../errors";
import { requestMetaFrom, type RequestMeta } from "../request-meta";
import { authOptions } from "./options";
import { findLiveSession, touchSession } from "./sessions";
import type { SessionUser } from "./users";

/**
 * The signed-in user and the id of this browser's session, re-read from the
 * database on every request: null when the session was signed out (here or
 * from another device), expired, or the account deleted.
 */
export const getCurrentSession = cache(async (): Promise<{ user: SessionUser; sessionId: string } | null> => {
  const session = await getServerSession(authOptions);
  const sessionId = (session as { sessionId?: string } | null)?.sessionId;
  if (!sessionId) return null;
  const live = await findLiveSession(sessionId);
  if (!live) return null;
  try {
    await touchSession(live, await currentRequestMeta());
  } catch (error) {
    // Not worth failing the page for: the next request tries again.
    console.error("[auth] could not note the session's use", error);
  }
  return { user: live.user, sessionId };
});

/** The signed-in user (null when signed out or deleted). */
export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For pages: the user, or a redirect to sign-in that returns here afterwards. */
export async function requireUserOrRedirect(returnTo = "/"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For actions and routes. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return user;
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return requestMetaFrom((name) => h.get(name));
}
