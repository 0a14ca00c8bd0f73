"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { installedOidcConfig } from "@/lib/auth/oidc/config";
import { unlinkOidcIdentity } from "@/lib/auth/oidc/link";
import { LINK_INTENT_COOKIE, LINK_INTENT_PATH, LINK_INTENT_TTL_S, signLinkIntent } from "@/lib/auth/oidc/link-intent";
import { sessionSecret } from "@/lib/auth/secret";
import { getCurrentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";
import { authedAction } from "../action";

/**
 * "Link single sign-on": marks this browser's session as asking to link
 * (lib/auth/oidc/link-intent.ts). The browser then goes to the provider; the
 * callback links what comes back to this account.
 */
export const startSingleSignOnLink = authedAction(z.object({}), async () => {
  const current = await getCurrentSession();
  if (!current) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!installedOidcConfig()) throw new AppError("NOT_FOUND", "Single sign-on is not set up on this Gatehouse.");
  (await cookies()).set(LINK_INTENT_COOKIE, signLinkIntent(current.sessionId, sessionSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
    path: LINK_INTENT_PATH,
    maxAge: LINK_INTENT_TTL_S,
  });
  return null;
});

/** Unlinks one of the caller's identities; refused while it is the only way in. */
export const unlinkSingleSignOn = authedAction(z.object({ identityId: idSchema("linked identity") }), async ({ identityId }, actor) => {
  await unlinkOidcIdentity(actor.userId, identityId, actor);
  revalidatePath("/account");
  return { data: null, message: "Unlinked. That identity no longer signs in to this account." };
});
