/**
 * Who a single sign-on is, once the identity provider's ID token has been
 * validated (lib/auth/oidc/provider.ts):
 * 1. A linked identity (OidcAccount: issuer + subject) decides the account,
 *    whatever email the provider says today: addresses change, subjects don't.
 * 2. An unknown identity whose email belongs to an account is linked to it only
 *    when the provider says the address is verified; otherwise refused (anyone
 *    who can type an address at the provider would otherwise own the account).
 * 3. An unknown identity with a new email creates an account with no password
 *    (passwordHash ""), confirmed when the provider says so. The install's
 *    first account is its operator, as with sign-up.
 * Then a session row is created and "session.created" audited with method
 * "oidc", in the same transaction, like a password sign-in.
 *
 * Sign-in throttling does not apply: the password, its guessing limits and any
 * second factor are the identity provider's, and nothing reaches here without
 * an authorization code it issued.
 */
import { db, type Tx } from "../../db";
import type { RequestMeta } from "../../request-meta";
import { hasControlCharacters, hasLoneSurrogate } from "../../validation";
import { recordAccountEvent } from "../account-audit";
import { emailSchema } from "../schemas";
import { createSession, revokeAllSessions } from "../sessions";
import { isFirstAccount, type SessionUser } from "../users";
import type { OidcClaims } from "./provider";

export type OidcIdentity = { issuer: string; subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** Why a sign-in was refused; each has a message on the sign-in page (./messages.ts). */
export type OidcRefusal = "OidcNoEmail" | "OidcEmailUnverified";

export type OidcSignIn =
  | { ok: true; user: SessionUser; sessionSecret: string; outcome: "returning" | "linked" | "created" }
  | { ok: false; refusal: OidcRefusal };

const NAME_MAX = 100;

/** At most `max` UTF-16 units (what the database and sign-up count), cut between code points, never inside one. */
function cutToLength(text: string, max: number): string {
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out.trim();
}

/** A display name from the profile claims, cut to what sign-up allows; null when there is none usable. */
function nameFrom(claims: OidcClaims): string | null {
  const given = [claims.given_name, claims.family_name].filter((part) => typeof part === "string" && part.trim()).join(" ");
  for (const candidate of [claims.name, given, claims.preferred_username]) {
    if (typeof candidate !== "string") continue;
    const text = candidate.replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, " ").replace(/\s+/g, " ").trim();
    if (!text || hasLoneSurrogate(text)) continue;
    return cutToLength(text, NAME_MAX);
  }
  return null;
}

/**
 * The identity in validated ID token (and userinfo) claims. Some providers
 * send email_verified as the string "true"; anything else is "not verified".
 */
export function identityFromClaims(claims: OidcClaims): OidcIdentity {
  if (typeof claims.iss !== "string" || !claims.iss || typeof claims.sub !== "string" || !claims.sub) {
    throw new Error("OIDC claims without iss or sub");
  }
  const email = emailSchema.safeParse(typeof claims.email === "string" ? claims.email : "");
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: email.success && !hasControlCharacters(email.data) ? email.data : null,
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: nameFrom(claims),
  };
}

type Resolved = { refusal: OidcRefusal } | { user: SessionUser; outcome: "returning" | "linked" | "created" };

async function resolveAccount(tx: Tx, identity: OidcIdentity, meta: RequestMeta, now: Date): Promise<Resolved> {
  const { issuer, subject, email, emailVerified } = identity;
  const details = { issuer, subject, email };

  const linked = await tx.oidcAccount.findUnique({ where: { issuer_subject: { issuer, subject } }, include: { user: true } });
  if (linked) {
    if (email !== null && linked.email !== email) await tx.oidcAccount.update({ where: { id: linked.id }, data: { email } });
    // The provider vouching for the account's own address confirms it, as a link would.
    if (emailVerified && email === linked.user.email && !linked.user.emailVerifiedAt) {
      await tx.user.update({ where: { id: linked.user.id }, data: { emailVerifiedAt: now } });
    }
    return { outcome: "returning", user: { id: linked.user.id, email: linked.user.email, name: linked.user.name } };
  }

  if (email === null) return { refusal: "OidcNoEmail" };
  const existing = await tx.user.findUnique({ where: { email } });
  if (existing) {
    if (!emailVerified) return { refusal: "OidcEmailUnverified" };
    await tx.oidcAccount.create({ data: { userId: existing.id, issuer, subject, email } });
    if (!existing.emailVerifiedAt) {
      // Whoever made this account never proved the address: it may be someone who signed up with a
      // stranger's email ahead of them, waiting for them to link it. The provider has now proved it is
      // this person's, so the unproven password and every session made with it stop working.
      await tx.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: now, passwordHash: "" } });
      await revokeAllSessions(existing.id, meta, { reason: "oidc_linked_unconfirmed_account", tx });
    }
    await recordAccountEvent(tx, existing.id, "oidc.linked", { ...details, ...(existing.emailVerifiedAt ? {} : { passwordRemoved: true }) }, meta);
    return { outcome: "linked", user: { id: existing.id, email: existing.email, name: existing.name } };
  }

  const created = await tx.user.create({
    data: {
      email,
      name: identity.name ?? email.split("@")[0],
      passwordHash: "",
      isOperator: await isFirstAccount(tx),
      emailVerifiedAt: emailVerified ? now : null,
      oidcAccounts: { create: { issuer, subject, email } },
    },
  });
  await recordAccountEvent(tx, created.id, "oidc.account_created", details, meta);
  return { outcome: "created", user: { id: created.id, email: created.email, name: created.name } };
}

async function attempt(identity: OidcIdentity, meta: RequestMeta, now: Date): Promise<OidcSignIn> {
  return db.$transaction(async (tx) => {
    const resolved = await resolveAccount(tx, identity, meta, now);
    if ("refusal" in resolved) return { ok: false, refusal: resolved.refusal };
    const sessionSecret = await createSession(resolved.user.id, meta, now.getTime(), tx);
    await recordAccountEvent(tx, resolved.user.id, "session.created", { method: "oidc", issuer: identity.issuer }, meta);
    return { ok: true, user: resolved.user, sessionSecret, outcome: resolved.outcome };
  });
}

/** Signs in (or up) the person behind validated OIDC claims; a refusal is returned, never thrown. */
export async function signInWithOidc(claims: OidcClaims, meta: RequestMeta, now = new Date()): Promise<OidcSignIn> {
  const identity = identityFromClaims(claims);
  try {
    return await attempt(identity, meta, now);
  } catch (error) {
    // Two first sign-ins at once (a double click, two tabs): the unique (issuer, subject) or email index
    // let one win. The second, run again, finds what the first committed.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return attempt(identity, meta, now);
  }
}
