/**
 * Single sign-on settings, read at start (scripts/start.ts) and by the
 * next-auth options:
 * - OIDC_ISSUER: the identity provider's issuer URL; its discovery document is
 *   `<issuer>/.well-known/openid-configuration`. https, or http on loopback
 *   (a provider on the same machine, as in the tests).
 * - OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: the client registered there for
 *   Gatehouse, with `<NEXTAUTH_URL>/api/auth/callback/oidc` as redirect URI.
 * - OIDC_DISPLAY_NAME: what the button says after "Sign in with" (default
 *   "single sign-on").
 * All or none: without them there is no provider and no button; a partial set
 * is a ConfigError naming what is missing, so the start stops.
 * Pure: imports nothing that opens a connection.
 */
import { z } from "zod";
import { ConfigError } from "../../db-url";
import { hasControlCharacters } from "../../validation";
import { DEFAULT_OIDC_DISPLAY_NAME } from "./constants";

export { DEFAULT_OIDC_DISPLAY_NAME, OIDC_PROVIDER_ID } from "./constants";

type Env = Readonly<Record<string, string | undefined>>;

export type OidcConfig = {
  /** As configured (trailing slash kept: issuers are compared exactly). */
  issuer: string;
  wellKnown: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
};

const REQUIRED = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
const ALL = [...REQUIRED, "OIDC_DISPLAY_NAME"] as const;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|.+\.localhost)$/i;

const issuer = z
  .string()
  .trim()
  .max(500, "OIDC_ISSUER is longer than 500 characters")
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: "custom", message: `OIDC_ISSUER must be the identity provider's issuer URL, like https://login.example.com, got "${text.slice(0, 200)}"` });
      return;
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
      ctx.addIssue({ code: "custom", message: `OIDC_ISSUER must use https:// (http:// only for a provider on this machine), got "${url.protocol}//${url.host}"` });
    } else if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: "custom", message: "OIDC_ISSUER must not carry credentials, a query or a fragment (the secret goes in OIDC_CLIENT_SECRET)" });
    }
  });

/** Printable ASCII without spaces: it goes into an Authorization header and a query string. */
const clientId = z.string().trim().regex(/^[\x21-\x7e]{1,500}$/, "OIDC_CLIENT_ID must be the client id registered at the identity provider: printable characters, no spaces, at most 500");
const clientSecret = z.string().trim().regex(/^[\x21-\x7e]{1,2000}$/, "OIDC_CLIENT_SECRET must be the client secret: printable characters, no spaces, at most 2000");
const displayName = z
  .string()
  .trim()
  .min(1)
  .max(40, "OIDC_DISPLAY_NAME must be at most 40 characters (it is shown as \"Sign in with …\")")
  .refine((text) => !hasControlCharacters(text), "OIDC_DISPLAY_NAME must be one line of text");

const schema = z.object({
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: clientId,
  OIDC_CLIENT_SECRET: clientSecret,
  OIDC_DISPLAY_NAME: displayName.optional(),
});

function list(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Single sign-on's settings, or null when none is set. Unset and empty mean the same. */
export function oidcConfigFromEnv(env: Env): OidcConfig | null {
  const given = (name: (typeof ALL)[number]) => (env[name]?.trim() ? env[name] : undefined);
  const set = ALL.filter((name) => given(name) !== undefined);
  if (set.length === 0) return null;
  const missing = REQUIRED.filter((name) => given(name) === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      `Single sign-on is half configured: ${list(set)} ${set.length === 1 ? "is" : "are"} set, but ${list(missing)} ${missing.length === 1 ? "is" : "are"} not. Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (OIDC_DISPLAY_NAME is optional), or none of them.`,
    );
  }
  const parsed = schema.safeParse(Object.fromEntries(ALL.map((name) => [name, given(name)])));
  if (!parsed.success) throw new ConfigError(parsed.error.issues[0].message);
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_DISPLAY_NAME } = parsed.data;
  return {
    issuer: OIDC_ISSUER,
    wellKnown: `${OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    displayName: OIDC_DISPLAY_NAME ?? DEFAULT_OIDC_DISPLAY_NAME,
  };
}

/** The running server's settings, from process.env (start.ts has already refused a bad set). Cheap: read per request. */
export function installedOidcConfig(): OidcConfig | null {
  return oidcConfigFromEnv(process.env);
}
