/**
 * The next-auth provider for the operator's identity provider: OpenID
 * Connect discovery from the issuer, the authorization code flow with PKCE
 * and state, and an ID token that openid-client validates (signature, issuer,
 * audience, expiry) before anything here sees its claims.
 */
import type { Profile } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import { OIDC_PROVIDER_ID, type OidcConfig } from "./config";

/** The claims Gatehouse reads; the rest of what the provider sends is ignored. */
export type OidcClaims = {
  [claim: string]: unknown;
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  preferred_username?: unknown;
};

export function oidcProvider(config: OidcConfig): OAuthConfig<OidcClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.displayName,
    type: "oauth",
    wellKnown: config.wellKnown,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state"],
    idToken: true,
    userinfo: {
      // Many providers put email and name in the ID token; a provider that follows the spec to the letter
      // (oidc-provider, some Azure and Okta setups) keeps them for the userinfo endpoint when an access
      // token is issued too. The ID token stays the source of iss and sub: openid-client has checked it,
      // and refuses userinfo whose sub differs from it.
      async request({ tokens, client }) {
        // next-auth types it loosely; it is openid-client's TokenSet from client.callback().
        const set = tokens as TokenSet;
        const fromIdToken = set.claims() as OidcClaims;
        if (typeof fromIdToken.email === "string" && fromIdToken.email) return fromIdToken as Profile;
        if (!client.issuer.metadata.userinfo_endpoint || !set.access_token) return fromIdToken as Profile;
        const fromUserinfo = await client.userinfo(set);
        return { ...fromUserinfo, ...fromIdToken, email: fromUserinfo.email, email_verified: fromUserinfo.email_verified } as Profile;
      },
    },
    // What next-auth calls "the user" until the signIn callback (lib/auth/oidc/callbacks.ts) replaces it with
    // the Gatehouse account: the id here is only the provider's subject.
    profile(claims) {
      return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null, name: typeof claims.name === "string" ? claims.name : null };
    },
  };
}
