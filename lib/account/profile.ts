import type { Actor } from "../actor";
import { recordAccountEvent } from "../auth/account-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { signedInRecently, SESSION_ENDED, type AccountActor } from "./confirm-identity";
import { soleOperator, soleOwnedTeams, type OwnedTeam } from "./delete-account";
import { updateProfileSchema } from "./profile-schemas";

/**
 * Changes the account's name (what teams see in member lists, invitations and
 * audit logs; those already written keep the name they recorded). Audited
 * with the name before and after; saving the same name changes nothing.
 */
export async function updateProfile(actor: Actor, input: unknown): Promise<{ name: string; changed: boolean }> {
  const { name } = parseInput(updateProfileSchema, input);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { name: true } });
    if (!user) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
    if (user.name === name) return { name, changed: false };
    // Conditional on the name read above, so the audit's "before" is the name this replaced.
    const { count } = await tx.user.updateMany({ where: { id: actor.userId, name: user.name }, data: { name } });
    if (count !== 1) throw new AppError("CONFLICT", "Your name was changed meanwhile (perhaps in another browser). Reload the page and try again.");
    await recordAccountEvent(tx, actor.userId, "profile.updated", { before: { name: user.name }, after: { name } }, actor);
    return { name, changed: true };
  });
}

/** What the account page's profile, password and delete cards need to know about the caller. */
export type AccountSettings = {
  name: string;
  email: string;
  /** False for an account that signs in only with single sign-on. */
  hasPassword: boolean;
  /** This session signed in within the last 15 minutes (what an SSO-only account needs for a password or deletion). */
  signedInRecently: boolean;
  /** Teams the caller is the only owner of: the account cannot be deleted while there are any. */
  soleOwnerOf: OwnedTeam[];
  /** The caller is the install's only operator. */
  soleOperator: boolean;
};

export async function accountSettings(actor: Pick<AccountActor, "userId" | "sessionId">, now = Date.now()): Promise<AccountSettings> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true, email: true, passwordHash: true, isOperator: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
  const [recent, soleOwnerOf, onlyOperator] = await Promise.all([signedInRecently(actor, now), soleOwnedTeams(db, user.id), soleOperator(db, user)]);
  return { name: user.name, email: user.email, hasPassword: user.passwordHash !== "", signedInRecently: recent, soleOwnerOf, soleOperator: onlyOperator };
}
