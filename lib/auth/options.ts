import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { GENERIC_ERROR_MESSAGE, isAppError } from "../errors";
import { db } from "../db";
import { requestMetaFrom } from "../request-meta";
import { recordAccountEvent } from "./account-audit";
import { completeOidcSignIn } from "./oidc/callbacks";
import { installedOidcConfig, OIDC_PROVIDER_ID } from "./oidc/config";
import { oidcProvider } from "./oidc/provider";
import { oidcCallbackContext } from "./oidc/request-context";
import { sessionSecret } from "./secret";
import { createSession, endSession, SESSION_MAX_AGE_S, sessionIdOf } from "./sessions";
import { beginSecondStep } from "./two-factor/sign-in";
import { authenticate } from "./users";

/** What authorize() hands the jwt callback: the user and the secret of the session just created for it. */
type SignedIn = { id: string; email: string; name: string; sessionSecret: string };

/** Single sign-on, when the operator configured it (OIDC_* variables; start.ts refuses a partial set). */
const oidc = installedOidcConfig();

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  // The cookie is a JWT, but it only points at a UserSession row (lib/auth/sessions.ts), looked up on every request.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      // `code`: the second factor (authenticator code or recovery code), sent with email and password again in the form's second step.
      credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
      async authorize(credentials, req): Promise<SignedIn> {
        const meta = requestMetaFrom((name) => {
          const value = req?.headers?.[name];
          return Array.isArray(value) ? value[0] : value;
        });
        try {
          const { twoFactor, ...user } = await authenticate(credentials, meta.ip);
          // Only after a right password: asks for the code (TWO_FACTOR_REQUIRED) or admits one try of it.
          const secondStep = twoFactor ? await beginSecondStep(user.id, credentials?.code) : undefined;
          const sessionSecret = await db.$transaction(async (tx) => {
            const factor = await secondStep?.consume(tx, meta);
            const secret = await createSession(user.id, meta, Date.now(), tx);
            await recordAccountEvent(tx, user.id, "session.created", { method: "password", ...(factor ? { secondFactor: factor.kind } : {}) }, meta);
            return secret;
          });
          await secondStep?.succeeded();
          return { ...user, sessionSecret };
        } catch (error) {
          // next-auth hands the thrown message to the sign-in form as-is.
          if (isAppError(error)) throw new Error(error.message);
          console.error("sign-in failed", error);
          throw new Error(GENERIC_ERROR_MESSAGE);
        }
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ],
  callbacks: {
    // A password sign-in was decided in authorize(). For single sign-on this is where the provider's
    // validated answer becomes a Gatehouse account and a session row, or a refusal (lib/auth/oidc/callbacks.ts).
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      return completeOidcSignIn(user, profile, await oidcCallbackContext());
    },
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = (user as SignedIn).sessionSecret;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      // The row's id (the secret's hash): the server looks the session up by it; the secret stays in the cookie.
      if (typeof token.sid === "string") (session as { sessionId?: string }).sessionId = sessionIdOf(token.sid);
      return session;
    },
  },
  events: {
    // Signing out deletes the row: a copy of the cookie is worth nothing from then on.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid);
    },
  },
};
