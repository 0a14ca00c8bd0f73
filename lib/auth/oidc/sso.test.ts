/**
 * Single sign-on end to end over HTTP: a real OpenID Connect provider on
 * loopback (oidc-provider), next-auth's own handler with Gatehouse's real
 * options (lib/auth/options.ts), the real database. The only stand-in is
 * next/headers, which only a running Next server can answer: it reads the
 * same request next-auth is handling (testing/browser-flow.ts).
 */
import type { AuthOptions } from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../db";
import { hashPassword } from "../password";
import { createSession, sessionIdOf } from "../sessions";
import { LINK_INTENT_COOKIE, signLinkIntent } from "./link-intent";
import { oidcConfigFromEnv } from "./config";
import { oidcErrorMessage } from "./messages";
import { oidcProvider } from "./provider";
import { atProvider, finishSignIn, followAuthRedirects, newBrowser, signInThroughProvider, startSignIn, type Browser } from "./testing/browser-flow";
import { startTestOidcProvider, type TestOidcProvider } from "./testing/test-provider";

vi.mock("next/headers", async () => (await import("./testing/browser-flow")).nextHeadersForTests);

const SITE = "http://localhost:3999";
let op: TestOidcProvider;
let options: AuthOptions;
let seq = 0;
const unique = (who: string) => `${who}-${Date.now().toString(36)}${(seq++).toString(36)}`;

beforeAll(async () => {
  process.env.NEXTAUTH_URL = SITE;
  op = await startTestOidcProvider({ redirectUris: [`${SITE}/api/auth/callback/oidc`] });
  process.env.OIDC_ISSUER = op.issuer;
  process.env.OIDC_CLIENT_ID = op.clientId;
  process.env.OIDC_CLIENT_SECRET = op.clientSecret;
  process.env.OIDC_DISPLAY_NAME = "Test IdP";
  // Read at import, like the server does at start.
  options = (await import("../options")).authOptions;
});

afterAll(async () => {
  await op?.close();
  for (const name of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_DISPLAY_NAME"]) delete process.env[name];
});

/** The session secret in the browser's cookie, decoded as the server does. */
async function cookieSession(browser: Browser) {
  const token = browser.site.values.get("next-auth.session-token");
  if (!token) return null;
  const payload = await decode({ token, secret: process.env.NEXTAUTH_SECRET! });
  return { sub: payload?.sub, sid: payload?.sid as string | undefined };
}

async function accountEvents(userId: string) {
  return (await db.userAuditLog.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map((e) => ({ action: e.action, details: JSON.parse(e.details), ip: e.ip }));
}

describe("the provider", () => {
  it("is discovered from OIDC_ISSUER, and offers the code flow with S256 PKCE", async () => {
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(op.issuer);
    expect(doc.response_types_supported).toContain("code");
    expect(doc.code_challenge_methods_supported).toContain("S256");
    expect(doc.userinfo_endpoint).toBeTruthy();
  });

  it("is asked for the code flow with scopes openid email profile, PKCE (S256) and state", async () => {
    const url = await startSignIn(options, newBrowser(), "/");
    expect(url.origin + url.pathname).toBe(`${op.issuer}/auth`);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("client_id")).toBe(op.clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(`${SITE}/api/auth/callback/oidc`);
    expect(url.searchParams.get("scope")).toBe("openid email profile");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toBeTruthy();
  });

  it("when it cannot be reached, the browser lands on the sign-in page, which says so", async () => {
    // Nothing listens on port 1: discovery fails when the button is pressed, not at start.
    const down = oidcConfigFromEnv({ OIDC_ISSUER: "http://127.0.0.1:1", OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y", OIDC_DISPLAY_NAME: "Test IdP" })!;
    const withDown = { ...options, providers: [oidcProvider(down)] };
    const browser = newBrowser();
    const url = await startSignIn(withDown, browser, "/invite/abc");
    const landed = new URL(await followAuthRedirects(withDown, browser, url.href), SITE);
    expect(landed.pathname).toBe("/sign-in");
    expect(landed.searchParams.get("error")).toBe("OAuthSignin");
    expect(oidcErrorMessage("OAuthSignin", "Test IdP")).toBe("Could not reach Test IdP. Try again in a moment; if it keeps failing, tell your administrator.");
    // An unknown code (a hand-made URL) gets the generic line, never its own words.
    expect(oidcErrorMessage("<b>Call 555</b>", "Test IdP")).toBe("Single sign-on did not complete. Try again.");
  });

  it("a callback whose state is not this browser's signs nobody in", async () => {
    const sub = unique("state");
    op.setUser({ sub, email: `${sub}@example.test`, emailVerified: true, name: "State Tester" });
    const victim = newBrowser();
    const attacker = newBrowser();
    // The attacker's own code and state, handed to the victim's browser (login CSRF).
    const back = await atProvider(attacker, await startSignIn(options, attacker, "/"), sub, `${SITE}/api/auth/callback/oidc`);
    await startSignIn(options, victim, "/");
    const landed = await finishSignIn(options, victim, back);
    // next-auth's error route, which sends the browser on to the sign-in page with the code.
    expect(landed).toBe(`${SITE}/api/auth/error?error=OAuthCallback`);
    expect(await cookieSession(victim)).toBeNull();
    expect(await db.user.findUnique({ where: { email: `${sub}@example.test` } })).toBeNull();
  });
});

describe("first sign-in", () => {
  it("creates an account with no password, confirmed when the provider says so, with a session row like a password sign-in", async () => {
    const sub = unique("new");
    const email = `${sub}@Example.test`;
    op.setUser({ sub, email, emailVerified: true, name: "Nadia New" });
    const browser = newBrowser("198.51.100.4", "Mozilla/5.0 (Macintosh) Firefox/140.0");

    const landed = await signInThroughProvider(options, browser, sub, "/teams/new");
    expect(landed).toBe(`${SITE}/teams/new`);

    const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { oidcAccounts: true } });
    expect(user).toMatchObject({ name: "Nadia New", passwordHash: "" });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user.oidcAccounts).toEqual([expect.objectContaining({ issuer: op.issuer, subject: sub, email: email.toLowerCase() })]);

    // The cookie carries the session secret, exactly like the credentials path; the row holds its hash.
    const cookie = await cookieSession(browser);
    expect(cookie?.sub).toBe(user.id);
    const row = await db.userSession.findUniqueOrThrow({ where: { id: sessionIdOf(cookie!.sid!) } });
    expect(row).toMatchObject({ userId: user.id, ip: "198.51.100.4", userAgent: "Mozilla/5.0 (Macintosh) Firefox/140.0" });

    expect(await accountEvents(user.id)).toEqual([
      { action: "oidc.account_created", details: { issuer: op.issuer, subject: sub, email: email.toLowerCase() }, ip: "198.51.100.4" },
      { action: "session.created", details: { method: "oidc", issuer: op.issuer }, ip: "198.51.100.4" },
    ]);
  });

  it("creates an unconfirmed account when the provider does not vouch for the address", async () => {
    const sub = unique("unverified-new");
    op.setUser({ sub, email: `${sub}@example.test`, emailVerified: false, name: "Una Unverified" });
    const browser = newBrowser();
    expect(await signInThroughProvider(options, browser, sub)).toBe(`${SITE}/`);
    const user = await db.user.findUniqueOrThrow({ where: { email: `${sub}@example.test` } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.isOperator).toBe(false);
    expect((await cookieSession(browser))?.sub).toBe(user.id);
  });

  it("names the account after the address when the profile has no name", async () => {
    const sub = unique("nameless");
    op.setUser({ sub, email: `${sub}@example.test`, emailVerified: true });
    await signInThroughProvider(options, newBrowser(), sub);
    expect((await db.user.findUniqueOrThrow({ where: { email: `${sub}@example.test` } })).name).toBe(sub);
  });

  it("links to an existing account when the provider says the email is verified, leaving the account as it was", async () => {
    const sub = unique("link");
    const email = `${sub}@example.test`;
    const existing = await db.user.create({ data: { email, name: "Lena Linked", passwordHash: await hashPassword("correct horse battery"), emailVerifiedAt: new Date("2026-01-01") } });
    op.setUser({ sub, email, emailVerified: true, name: "Lena at the IdP" });
    const browser = newBrowser();

    expect(await signInThroughProvider(options, browser, sub, "/account")).toBe(`${SITE}/account`);
    expect((await cookieSession(browser))?.sub).toBe(existing.id);
    const after = await db.user.findUniqueOrThrow({ where: { id: existing.id }, include: { oidcAccounts: true } });
    // The account stays as it was: its name, its password, its confirmation date.
    expect(after).toMatchObject({ name: "Lena Linked", passwordHash: existing.passwordHash, emailVerifiedAt: existing.emailVerifiedAt });
    expect(after.oidcAccounts.map((a) => a.subject)).toEqual([sub]);
    expect((await accountEvents(existing.id)).map((e) => e.action)).toEqual(["oidc.linked", "session.created"]);
  });

  it("accepts email_verified sent as the string \"true\"", async () => {
    const sub = unique("string-true");
    const email = `${sub}@example.test`;
    const existing = await db.user.create({ data: { email, name: "Stringy", passwordHash: "x", emailVerifiedAt: new Date() } });
    op.setUser({ sub, email, emailVerified: "true" });
    const browser = newBrowser();
    await signInThroughProvider(options, browser, sub);
    expect((await cookieSession(browser))?.sub).toBe(existing.id);
  });

  it("linking an account whose address was never confirmed removes its password and signs out its sessions", async () => {
    const sub = unique("squatted");
    const email = `${sub}@example.test`;
    // Someone signed up with this address first and never confirmed it.
    const squatter = await db.user.create({ data: { email, name: "Not Them", passwordHash: await hashPassword("squatter's password") } });
    const squatterSession = await createSession(squatter.id, { ip: "192.0.2.66", userAgent: "curl" });
    op.setUser({ sub, email, emailVerified: true, name: "The Real Owner" });
    const browser = newBrowser();

    await signInThroughProvider(options, browser, sub);
    const cookie = await cookieSession(browser);
    expect(cookie?.sub).toBe(squatter.id);
    const after = await db.user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(after.passwordHash).toBe("");
    expect(after.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await db.userSession.findUnique({ where: { id: sessionIdOf(squatterSession) } })).toBeNull();
    const sessions = await db.userSession.findMany({ where: { userId: squatter.id } });
    expect(sessions.map((s) => s.id)).toEqual([sessionIdOf(cookie!.sid!)]);
    const events = await accountEvents(squatter.id);
    expect(events.map((e) => e.action)).toEqual(["session.revoked_all", "oidc.linked", "session.created"]);
    expect(events[1].details).toMatchObject({ passwordRemoved: true });
  });

  it("refuses to link when the provider does not say the email is verified, pointing to the password", async () => {
    const sub = unique("refused");
    const email = `${sub}@example.test`;
    const existing = await db.user.create({ data: { email, name: "Rita Refused", passwordHash: "x", emailVerifiedAt: new Date() } });
    op.setUser({ sub, email, emailVerified: false });
    const browser = newBrowser();

    const landed = new URL(await signInThroughProvider(options, browser, sub, "/invite/abc"), SITE);
    expect(landed.pathname).toBe("/sign-in");
    expect(Object.fromEntries(landed.searchParams)).toEqual({ error: "OidcEmailUnverified", email, callbackUrl: "/invite/abc" });
    expect(await cookieSession(browser)).toBeNull();
    expect(await db.oidcAccount.count({ where: { subject: sub } })).toBe(0);
    expect(await db.userSession.count({ where: { userId: existing.id } })).toBe(0);
    expect(await accountEvents(existing.id)).toEqual([]);
  });

  it("refuses (and creates nothing) when the provider shares no email address", async () => {
    const sub = unique("no-email");
    op.setUser({ sub, name: "No Mail" });
    const browser = newBrowser();
    const landed = new URL(await signInThroughProvider(options, browser, sub), SITE);
    expect(landed.pathname).toBe("/sign-in");
    expect(landed.searchParams.get("error")).toBe("OidcNoEmail");
    expect(await cookieSession(browser)).toBeNull();
    expect(await db.oidcAccount.count({ where: { subject: sub } })).toBe(0);
  });
});

describe("later sign-ins", () => {
  it("find the same account by subject, even after the email changed at the provider", async () => {
    const sub = unique("mover");
    op.setUser({ sub, email: `${sub}@old.example.test`, emailVerified: true, name: "Moe Mover" });
    const first = newBrowser();
    await signInThroughProvider(options, first, sub);
    const user = await db.user.findUniqueOrThrow({ where: { email: `${sub}@old.example.test` } });

    // The provider now says another address, not verified, which another account even holds.
    const other = await db.user.create({ data: { email: `${sub}@new.example.test`, name: "Someone Else", passwordHash: "x", emailVerifiedAt: new Date() } });
    op.setUser({ sub, email: `${sub}@new.example.test`, emailVerified: false, name: "Moe Renamed" });
    const second = newBrowser();
    expect(await signInThroughProvider(options, second, sub)).toBe(`${SITE}/`);

    expect((await cookieSession(second))?.sub).toBe(user.id);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { oidcAccounts: true } });
    // Gatehouse's own address and name are the account's; the link notes what the provider says now.
    expect(after.email).toBe(`${sub}@old.example.test`);
    expect(after.name).toBe("Moe Mover");
    expect(after.oidcAccounts.map((a) => a.email)).toEqual([`${sub}@new.example.test`]);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(2);
    expect(await db.userSession.count({ where: { userId: other.id } })).toBe(0);
  });

  it("work with a provider that puts the email in the ID token (no userinfo call needed)", async () => {
    const idTokenOp = await startTestOidcProvider({ redirectUris: [`${SITE}/api/auth/callback/oidc`], claimsInIdToken: true });
    try {
      const sub = unique("id-token");
      idTokenOp.setUser({ sub, email: `${sub}@example.test`, emailVerified: true, name: "Ida Token" });
      const config = oidcConfigFromEnv({ OIDC_ISSUER: idTokenOp.issuer, OIDC_CLIENT_ID: idTokenOp.clientId, OIDC_CLIENT_SECRET: idTokenOp.clientSecret })!;
      const browser = newBrowser();
      await signInThroughProvider({ ...options, providers: [oidcProvider(config)] }, browser, sub);
      const user = await db.user.findUniqueOrThrow({ where: { email: `${sub}@example.test` }, include: { oidcAccounts: true } });
      expect(user.name).toBe("Ida Token");
      expect(user.oidcAccounts[0].issuer).toBe(idTokenOp.issuer);
      expect((await cookieSession(browser))?.sub).toBe(user.id);
    } finally {
      await idTokenOp.close();
    }
  });
});

describe("linking from the account page", () => {
  async function signedIn(email: string) {
    const user = await db.user.create({ data: { email, name: "Pat Password", passwordHash: "x", emailVerifiedAt: new Date() } });
    const browser = newBrowser();
    const secret = await createSession(user.id, { ip: browser.ip, userAgent: browser.userAgent });
    const { encode } = await import("next-auth/jwt");
    browser.site.values.set("next-auth.session-token", await encode({ token: { sub: user.id, sid: secret }, secret: process.env.NEXTAUTH_SECRET! }));
    return { user, browser, sessionId: sessionIdOf(secret) };
  }

  it("links the identity to the signed-in account whatever its email, and keeps the browser's session", async () => {
    const sub = unique("explicit");
    const { user, browser, sessionId } = await signedIn(`${sub}@example.test`);
    op.setUser({ sub, email: `${sub}@corp.example.test`, emailVerified: false });
    const cookieBefore = browser.site.values.get("next-auth.session-token");
    browser.site.values.set(LINK_INTENT_COOKIE, signLinkIntent(sessionId, process.env.NEXTAUTH_SECRET!));

    expect(await signInThroughProvider(options, browser, sub, "/account")).toBe("/account?sso=linked#single-sign-on");
    expect(browser.site.values.get("next-auth.session-token")).toBe(cookieBefore);
    expect(browser.site.values.has(LINK_INTENT_COOKIE)).toBe(false);
    expect((await db.oidcAccount.findMany({ where: { userId: user.id } })).map((a) => a.subject)).toEqual([sub]);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(1);
    expect((await accountEvents(user.id)).map((e) => [e.action, e.details.from])).toEqual([["oidc.linked", "account page"]]);

    // From now on that identity signs in to this account.
    const elsewhere = newBrowser();
    await signInThroughProvider(options, elsewhere, sub);
    expect((await cookieSession(elsewhere))?.sub).toBe(user.id);
  });

  it("leaves an identity linked to another account where it is", async () => {
    const sub = unique("taken");
    op.setUser({ sub, email: `${sub}@corp.example.test`, emailVerified: true });
    await signInThroughProvider(options, newBrowser(), sub);
    const owner = await db.user.findUniqueOrThrow({ where: { email: `${sub}@corp.example.test` } });
    const { user, browser, sessionId } = await signedIn(`${sub}@example.test`);
    browser.site.values.set(LINK_INTENT_COOKIE, signLinkIntent(sessionId, process.env.NEXTAUTH_SECRET!));

    expect(await signInThroughProvider(options, browser, sub)).toBe("/account?sso=linked_elsewhere#single-sign-on");
    expect(await db.oidcAccount.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.oidcAccount.count({ where: { userId: owner.id, subject: sub } })).toBe(1);
  });

  it("ignores a link request made for another session, or forged: the sign-in is an ordinary one", async () => {
    const sub = unique("forged");
    const { user, browser } = await signedIn(`${sub}@example.test`);
    const { sessionId: otherSession } = await signedIn(`${sub}-other@example.test`);
    op.setUser({ sub, email: `${sub}@corp.example.test`, emailVerified: true });
    browser.site.values.set(LINK_INTENT_COOKIE, signLinkIntent(otherSession, process.env.NEXTAUTH_SECRET!));

    expect(await signInThroughProvider(options, browser, sub)).toBe(`${SITE}/`);
    expect(await db.oidcAccount.count({ where: { userId: user.id } })).toBe(0);
    const created = await db.user.findUniqueOrThrow({ where: { email: `${sub}@corp.example.test` } });
    expect((await cookieSession(browser))?.sub).toBe(created.id);
  });
});
