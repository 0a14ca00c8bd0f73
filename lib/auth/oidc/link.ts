/**
 * Linking an identity at the provider to the account of the signed-in user
 * who asked for it (./link-intent.ts), and the list the account page shows.
 * The user proved the account is theirs by being signed in to it, and the
 * identity by signing in at the provider, so the provider's email does not
 * need to match or be verified. An identity already linked to another account
 * stays there.
 */
import { db } from "../../db";
import { databaseConfig } from "../../db-url";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../request-meta";
import { recordAccountEvent } from "../account-audit";
import type { OidcClaims } from "./provider";
import { identityFromClaims } from "./sign-in";

export type OidcLinkOutcome = "linked" | "already_linked" | "linked_elsewhere";

export async function linkOidcIdentity(userId: string, claims: OidcClaims, meta: RequestMeta, now = new Date()): Promise<OidcLinkOutcome> {
  const { issuer, subject, email, emailVerified } = identityFromClaims(claims);
  const run = () =>
    db.$transaction(async (tx): Promise<OidcLinkOutcome> => {
      const existing = await tx.oidcAccount.findUnique({ where: { issuer_subject: { issuer, subject } } });
      if (existing) return existing.userId === userId ? "already_linked" : "linked_elsewhere";
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
      await tx.oidcAccount.create({ data: { userId, issuer, subject, email: email ?? "" } });
      if (emailVerified && email === user.email && !user.emailVerifiedAt) await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: now } });
      await recordAccountEvent(tx, userId, "oidc.linked", { issuer, subject, email, from: "account page" }, meta);
      return "linked";
    });
  try {
    return await run();
  } catch (error) {
    // The same identity linked twice at once: the unique (issuer, subject) index let one win.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return run();
  }
}

export type LinkedIdentity = { id: string; issuer: string; email: string; createdAt: Date };

export async function listLinkedIdentities(userId: string): Promise<LinkedIdentity[]> {
  return db.oidcAccount.findMany({
    where: { userId },
    select: { id: true, issuer: true, email: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/**
 * Removes one of the user's linked identities. Refused while it is the only
 * way in: an account with no password and no other linked identity.
 */
export async function unlinkOidcIdentity(userId: string, identityId: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    // PostgreSQL runs READ COMMITTED: without the lock, two unlinks of an account's two identities at once
    // would each count the other one and leave the account with no way in. (SQLite runs one at a time.)
    if (databaseConfig().engine === "postgres") await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
    const identity = await tx.oidcAccount.findFirst({ where: { id: identityId, userId } });
    if (!identity) throw new AppError("NOT_FOUND", "That single sign-on link is already gone.");
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, _count: { select: { oidcAccounts: true } } } });
    if (!user.passwordHash && user._count.oidcAccounts <= 1) {
      throw new AppError("CONFLICT", "Single sign-on is the only way into this account. Set a password first, then unlink it.");
    }
    await tx.oidcAccount.delete({ where: { id: identity.id } });
    await recordAccountEvent(tx, userId, "oidc.unlinked", { issuer: identity.issuer, subject: identity.subject, email: identity.email }, meta);
  });
}
