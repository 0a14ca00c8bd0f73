/**
 * The linking rules and the link/unlink services on their own, with claims as
 * openid-client hands them over (sso.test.ts drives the same code over HTTP).
 */
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { LINK_INTENT_TTL_S, readLinkIntent, signLinkIntent } from "./link-intent";
import { linkOidcIdentity, listLinkedIdentities, unlinkOidcIdentity } from "./link";
import { identityFromClaims, signInWithOidc } from "./sign-in";

const ISSUER = "https://idp.example.test";
const meta = { ip: "192.0.2.1", userAgent: "vitest" };
let seq = 0;
const unique = (who: string) => `${who}-${Date.now().toString(36)}${(seq++).toString(36)}`;

describe("signInWithOidc", () => {
  // First in the file: this file's database starts empty, like a fresh install.
  it("makes the first account on a fresh install its operator, as sign-up does", async () => {
    expect(await db.user.count()).toBe(0);
    const result = await signInWithOidc({ iss: ISSUER, sub: "first", email: "first@example.test", email_verified: true }, meta);
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    expect((await db.user.findUniqueOrThrow({ where: { email: "first@example.test" } })).isOperator).toBe(true);
    const second = await signInWithOidc({ iss: ISSUER, sub: "second", email: "second@example.test", email_verified: true }, meta);
    expect(second.ok && (await db.user.findUniqueOrThrow({ where: { id: second.user.id } })).isOperator).toBe(false);
  });

  it("two first sign-ins of one identity at once make one account, and both sign in", async () => {
    const sub = unique("twice");
    const claims = { iss: ISSUER, sub, email: `${sub}@example.test`, email_verified: true, name: "Double Click" };
    const results = await Promise.all([signInWithOidc(claims, meta), signInWithOidc(claims, meta)]);
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = results.map((r) => (r.ok ? r.user.id : null));
    expect(ids[0]).toBe(ids[1]);
    expect(await db.user.count({ where: { email: `${sub}@example.test` } })).toBe(1);
    expect(await db.userSession.count({ where: { userId: ids[0]! } })).toBe(2);
  });

  it("the same subject at another issuer is another identity", async () => {
    const sub = unique("shared-sub");
    const a = await signInWithOidc({ iss: ISSUER, sub, email: `${sub}-a@example.test`, email_verified: true }, meta);
    const b = await signInWithOidc({ iss: "https://other-idp.example.test", sub, email: `${sub}-b@example.test`, email_verified: true }, meta);
    expect(a.ok && b.ok && a.user.id !== b.user.id).toBe(true);
  });

  it("an account it made has no password: password sign-in refuses every password, the timing equaliser's too", async () => {
    const { authenticate, INVALID_CREDENTIALS } = await import("../users");
    const sub = unique("sso-only");
    await signInWithOidc({ iss: ISSUER, sub, email: `${sub}@example.test`, email_verified: true }, meta);
    for (const password of ["", "gatehouse-timing-equaliser", "anything at all"]) {
      await expect(authenticate({ email: `${sub}@example.test`, password }, "192.0.2.9")).rejects.toMatchObject({ message: INVALID_CREDENTIALS });
    }
  });

  it("takes a usable name from the profile: one line, at most 100 characters, never half an emoji", () => {
    const base = { iss: ISSUER, sub: "x", email: "x@example.test" };
    expect(identityFromClaims({ ...base, name: "  Ada\n\u202eLovelace  " }).name).toBe("Ada Lovelace");
    expect(identityFromClaims({ ...base, given_name: "Grace", family_name: "Hopper" }).name).toBe("Grace Hopper");
    expect(identityFromClaims({ ...base, preferred_username: "linus" }).name).toBe("linus");
    expect(identityFromClaims({ ...base, name: "🙂".repeat(60) }).name).toBe("🙂".repeat(50));
    expect(identityFromClaims({ ...base, name: 42 }).name).toBeNull();
  });

  it("reads an email only when it is one, lower-cased; email_verified only when true or \"true\"", () => {
    const base = { iss: ISSUER, sub: "x" };
    expect(identityFromClaims({ ...base, email: "Mixed@Example.TEST", email_verified: true })).toMatchObject({ email: "mixed@example.test", emailVerified: true });
    expect(identityFromClaims({ ...base, email: "not an email" }).email).toBeNull();
    expect(identityFromClaims({ ...base, email: ["a@example.test"] }).email).toBeNull();
    for (const value of [false, "false", 1, "yes", undefined]) expect(identityFromClaims({ ...base, email: "a@example.test", email_verified: value }).emailVerified).toBe(false);
  });
});

describe("linking and unlinking from the account page", () => {
  async function passwordUser(withPassword = true) {
    const sub = unique("pat");
    return db.user.create({ data: { email: `${sub}@example.test`, name: "Pat", passwordHash: withPassword ? "argon-hash" : "", emailVerifiedAt: new Date() } });
  }

  it("links, says so when already linked, lists what is linked", async () => {
    const user = await passwordUser();
    const claims = { iss: ISSUER, sub: unique("explicit"), email: "whatever@corp.example.test", email_verified: false };
    expect(await linkOidcIdentity(user.id, claims, meta)).toBe("linked");
    expect(await linkOidcIdentity(user.id, claims, meta)).toBe("already_linked");
    expect(await listLinkedIdentities(user.id)).toEqual([expect.objectContaining({ issuer: ISSUER, email: "whatever@corp.example.test" })]);
  });

  it("unlinking is refused while single sign-on is the only way in, allowed with a password or another identity", async () => {
    const ssoOnly = await passwordUser(false);
    await linkOidcIdentity(ssoOnly.id, { iss: ISSUER, sub: unique("only") }, meta);
    const [only] = await listLinkedIdentities(ssoOnly.id);
    await expect(unlinkOidcIdentity(ssoOnly.id, only.id, meta)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Set a password first/) });
    expect(await listLinkedIdentities(ssoOnly.id)).toHaveLength(1);

    await linkOidcIdentity(ssoOnly.id, { iss: "https://other-idp.example.test", sub: unique("second") }, meta);
    await unlinkOidcIdentity(ssoOnly.id, only.id, meta);
    expect((await listLinkedIdentities(ssoOnly.id)).map((i) => i.issuer)).toEqual(["https://other-idp.example.test"]);

    const withPassword = await passwordUser(true);
    await linkOidcIdentity(withPassword.id, { iss: ISSUER, sub: unique("pw") }, meta);
    const [linked] = await listLinkedIdentities(withPassword.id);
    await unlinkOidcIdentity(withPassword.id, linked.id, meta);
    expect(await listLinkedIdentities(withPassword.id)).toEqual([]);
    const events = await db.userAuditLog.findMany({ where: { userId: withPassword.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["oidc.linked", "oidc.unlinked"]);
  });

  it("another user's identity is not found, and stays", async () => {
    const owner = await passwordUser();
    const stranger = await passwordUser();
    await linkOidcIdentity(owner.id, { iss: ISSUER, sub: unique("mine") }, meta);
    const [identity] = await listLinkedIdentities(owner.id);
    await expect(unlinkOidcIdentity(stranger.id, identity.id, meta)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listLinkedIdentities(owner.id)).toHaveLength(1);
  });
});

describe("the link request cookie", () => {
  const secret = "server-secret";

  it("names the session it was made for until its deadline", () => {
    const value = signLinkIntent("session-id", secret, 1_000_000);
    expect(readLinkIntent(value, secret, 1_000_000 + LINK_INTENT_TTL_S * 1000 - 1)).toBe("session-id");
    expect(readLinkIntent(value, secret, 1_000_000 + LINK_INTENT_TTL_S * 1000)).toBeNull();
  });

  it("is worthless when forged, altered or signed with another secret", () => {
    const value = signLinkIntent("session-id", secret);
    const [, deadline, signature] = value.split(".");
    expect(readLinkIntent(`other-session.${deadline}.${signature}`, secret)).toBeNull();
    expect(readLinkIntent(`session-id.${Number(deadline) + 1000}.${signature}`, secret)).toBeNull();
    expect(readLinkIntent(value, "another-secret")).toBeNull();
    for (const junk of [undefined, "", "a.b", "a.b.c.d", "x".repeat(400)]) expect(readLinkIntent(junk, secret)).toBeNull();
  });
});
