import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { AppError } from "../errors";
import { requestMetaFrom, type RequestMeta } from "../request-meta";
import { authOptions } from "./options";
import type { SessionUser } from "./users";

/** The signed-in user, re-read from the database on every request (null when signed out or deleted). */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

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
