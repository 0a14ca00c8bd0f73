/**
 * "Link single sign-on" on the account page: the signed-in user asks for
 * it (a server action sets this cookie), then goes through the identity
 * provider like a sign-in. When the provider sends them back, the callback
 * finds the cookie and links the identity to the account that asked, instead
 * of signing anyone in.
 *
 * The cookie names the session that asked and when the request ends, signed
 * with a key derived from the server's session secret; the callback honours it
 * only while that same session is the browser's own and still live. Without
 * it, an SSO sign-in in a browser that happens to be signed in never links
 * anything: linking is something the user asks for, never a side effect.
 */
import crypto from "node:crypto";

export const LINK_INTENT_COOKIE = "gatehouse.oidc-link";
/** Sent only to next-auth's routes, where the provider's redirect lands. */
export const LINK_INTENT_PATH = "/api/auth";
/** Long enough to sign in at the provider, short enough not to linger. */
export const LINK_INTENT_TTL_S = 10 * 60;

const keys = new Map<string, Buffer>();
function keyFor(serverSecret: string): Buffer {
  let key = keys.get(serverSecret);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", serverSecret, "gatehouse", "gatehouse oidc link intent v1", 32));
    keys.set(serverSecret, key);
  }
  return key;
}

const mac = (serverSecret: string, body: string) => crypto.createHmac("sha256", keyFor(serverSecret)).update(body).digest("base64url");

/** The cookie's value: the asking session's id and the deadline, signed. */
export function signLinkIntent(sessionId: string, serverSecret: string, now = Date.now()): string {
  const body = `${sessionId}.${now + LINK_INTENT_TTL_S * 1000}`;
  return `${body}.${mac(serverSecret, body)}`;
}

/** The session id a cookie value was made for, or null when it is forged, malformed or past its deadline. */
export function readLinkIntent(value: string | undefined, serverSecret: string, now = Date.now()): string | null {
  if (!value || value.length > 300) return null;
  const parts = value.split(".");
  if (parts.length !== 3) return null;
  const [sessionId, deadline, signature] = parts;
  const expected = Buffer.from(mac(serverSecret, `${sessionId}.${deadline}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  if (!/^\d+$/.test(deadline) || Number(deadline) <= now) return null;
  return sessionId;
}
