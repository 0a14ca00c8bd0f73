import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { GENERIC_ERROR_MESSAGE, isAppError } from "../errors";
import { clientIpFrom } from "../request-meta";
import { sessionSecret } from "./secret";
import { authenticate } from "./users";

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const ip = clientIpFrom((name) => {
          const value = req?.headers?.[name];
          return Array.isArray(value) ? value[0] : value;
        });
        try {
          return await authenticate(credentials, ip);
        } catch (error) {
          // next-auth hands the thrown message to the sign-in form as-is.
          if (isAppError(error)) throw new Error(error.message);
          console.error("sign-in failed", error);
          throw new Error(GENERIC_ERROR_MESSAGE);
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
