/**
 * The OIDC branch of next-auth's signIn callback (lib/auth/options.ts). It
 * runs after openid-client validated the provider's answer and before
 * next-auth issues a cookie, and it decides who that cookie is for:
 * - after "Link single sign-on" on the account page: links the identity to
 *   the signed-in account and goes back there (no new session, no new cookie);
 * - otherwise: the account the linking rules choose (./sign-in.ts), with a
 *   new session row whose secret the jwt callback puts in the cookie, exactly
 *   like a password sign-in;
 * - a refusal goes back to the sign-in page, which says why (./messages.ts).
 */
import type { User } from "next-auth";
import { findLiveSession } from "../sessions";
import { linkOidcIdentity } from "./link";
import type { OidcClaims } from "./provider";
import type { OidcCallbackContext } from "./request-context";
import { signInWithOidc } from "./sign-in";

/** Where "Link single sign-on" lands, saying how it went. */
export const LINK_RESULT_PATH = "/account";

function signInPage(error: string, context: OidcCallbackContext, email?: string | null): string {
  const query = new URLSearchParams({ error });
  if (email) query.set("email", email);
  if (context.returnTo !== "/") query.set("callbackUrl", context.returnTo);
  return `/sign-in?${query}`;
}

/** true: next-auth goes on and signs `user` in; a path: next-auth redirects there and signs nobody in. */
export async function completeOidcSignIn(user: User, claims: unknown, context: OidcCallbackContext): Promise<true | string> {
  try {
    const oidc = claims as OidcClaims;
    if (context.linkingSessionId) {
      const session = await findLiveSession(context.linkingSessionId);
      if (session) {
        const outcome = await linkOidcIdentity(session.userId, oidc, context.meta);
        return `${LINK_RESULT_PATH}?sso=${outcome}#single-sign-on`;
      }
    }
    const result = await signInWithOidc(oidc, context.meta);
    if (!result.ok) return signInPage(result.refusal, context, result.refusal === "OidcEmailUnverified" ? String(oidc.email) : null);
    // The jwt callback reads these, as it reads what authorize() returns for a password sign-in.
    Object.assign(user, { id: result.user.id, email: result.user.email, name: result.user.name, sessionSecret: result.sessionSecret });
    return true;
  } catch (error) {
    console.error("[auth] single sign-on failed", error);
    return signInPage("OidcFailed", context);
  }
}
