/**
 * What the sign-in callback needs from the request that brought the user
 * back from the identity provider. next-auth does not hand its callbacks the
 * request; in the route handler next/headers reads it.
 */
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { requestMetaFrom, type RequestMeta } from "../../request-meta";
import { safeCallbackUrl } from "../callback-url";
import { sessionSecret } from "../secret";
import { sessionIdOf } from "../sessions";
import { LINK_INTENT_COOKIE, LINK_INTENT_PATH, readLinkIntent } from "./link-intent";

export type OidcCallbackContext = {
  meta: RequestMeta;
  /** Where the user was going (next-auth's callback-url cookie), as a path on this site. */
  returnTo: string;
  /** The session that asked to link an identity (./link-intent.ts), when it is this browser's own. */
  linkingSessionId: string | null;
};

type CookieJar = Awaited<ReturnType<typeof cookies>>;

/** next-auth prefixes its cookies with __Secure- when the console's URL is https. */
const cookiePrefix = () => ((process.env.NEXTAUTH_URL ?? "").startsWith("https://") ? "__Secure-" : "");

/** The path of next-auth's callback URL (stored absolute, after its redirect callback checked the origin). */
export function returnPathFrom(value: string | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://gatehouse.invalid");
    return safeCallbackUrl(url.pathname + url.search);
  } catch {
    return "/";
  }
}

/** The session id inside this browser's session cookie (next-auth chunks a large one into .0, .1, …). */
async function browserSessionId(jar: CookieJar): Promise<string | null> {
  const name = `${cookiePrefix()}next-auth.session-token`;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  const token = jar.get(name)?.value ?? (chunks.length ? chunks.map((c) => c.value).join("") : undefined);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: sessionSecret() });
    return typeof payload?.sid === "string" ? sessionIdOf(payload.sid) : null;
  } catch {
    return null;
  }
}

export async function oidcCallbackContext(): Promise<OidcCallbackContext> {
  const [h, jar] = await Promise.all([headers(), cookies()]);
  const meta = requestMetaFrom((name) => h.get(name));
  const returnTo = returnPathFrom(jar.get(`${cookiePrefix()}next-auth.callback-url`)?.value);
  const intent = jar.get(LINK_INTENT_COOKIE)?.value;
  if (!intent) return { meta, returnTo, linkingSessionId: null };
  // Used once, whatever happens next.
  jar.delete({ name: LINK_INTENT_COOKIE, path: LINK_INTENT_PATH });
  const asked = readLinkIntent(intent, sessionSecret());
  const current = asked ? await browserSessionId(jar) : null;
  return { meta, returnTo, linkingSessionId: asked && current === asked ? asked : null };
}
