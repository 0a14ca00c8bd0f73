import { emailVerificationRequired } from "./config";
import { recordAudit } from "../audit/record";
import type { SignInThrottle } from "../auth/throttle";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { revokeInvitationsBeyondAuthority } from "../invitations/revoke-beyond-authority";
import { isOperator, operatorEmails } from "../operator/operators";
import { lockTeam } from "../row-lock";
import { parseInput } from "../validation";
import { confirmPassword, requireRecentSignIn, SESSION_ENDED, type AccountActor } from "./confirm-identity";
import { deleteAccountSchema } from "./profile-schemas";

export type OwnedTeam = { id: string; name: string; slug: string };

/** The teams `userId` is the only owner of, by name. */
export async function soleOwnedTeams(tx: Tx, userId: string): Promise<OwnedTeam[]> {
  const owned = await tx.membership.findMany({ where: { userId, role: "owner" }, select: { team: { select: { id: true, name: true, slug: true } } } });
  if (owned.length === 0) return [];
  const owners = await tx.membership.groupBy({ by: ["teamId"], where: { teamId: { in: owned.map((m) => m.team.id) }, role: "owner" }, _count: { _all: true } });
  const counts = new Map(owners.map((o) => [o.teamId, o._count._all]));
  return owned
    .map((m) => m.team)
    .filter((team) => (counts.get(team.id) ?? 0) <= 1)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Whether `user` is an operator and no other account is (by the flag, or by GATEHOUSE_OPERATORS). */
export async function soleOperator(tx: Tx, user: { id: string; email: string; isOperator: boolean; emailVerifiedAt: Date | null }): Promise<boolean> {
  if (!isOperator(user)) return false;
  const others = await tx.user.count({ where: { id: { not: user.id }, OR: [{ isOperator: true }, { email: { in: [...operatorEmails()] }, ...(emailVerificationRequired() ? { emailVerifiedAt: { not: null } } : {}) }] } });
  return others === 0;
}

const list = (names: string[]) => new Intl.ListFormat("en", { style: "long", type: "conjunction" }).format(names);

export function lastOwnerMessage(teams: OwnedTeam[]): string {
  const one = teams.length === 1;
  return (
    `You are the last owner of ${list(teams.map((t) => t.name))}. Make another member an owner of ${one ? "it" : "each"}, ` +
    `or delete ${one ? "the team" : "those teams"}, before deleting your account.`
  );
}

export const SOLE_OPERATOR_MESSAGE =
  "You are this install's only operator. Add another operator's address to GATEHOUSE_OPERATORS (their account must exist) before deleting your account.";

async function refuseWhileIndispensable(tx: Tx, user: { id: string; email: string; isOperator: boolean; emailVerifiedAt: Date | null }): Promise<void> {
  const teams = await soleOwnedTeams(tx, user.id);
  if (teams.length > 0) throw new AppError("CONFLICT", lastOwnerMessage(teams));
  if (await soleOperator(tx, user)) throw new AppError("CONFLICT", SOLE_OPERATOR_MESSAGE);
}

export type DeletedAccount = { email: string; teamsLeft: number; revokedInvitations: number };

/**
 * Deletes the caller's account, after they proved it is them (their password,
 * or for an SSO-only account their email typed out and a recent sign-in).
 * Refused while they are the last owner of any team, naming the teams, or the
 * install's only operator.
 *
 * In one transaction: they leave every team, each team's audit log saying so
 * as leaving a team does, with the invitations they sent and nobody accepted
 * revoked; then the user row goes, and with it (cascades) their sessions, so
 * every browser is signed out on its next request, and their account trail,
 * tokens, recovery codes and single sign-on links. The API keys they created
 * belong to their teams and keep working, with no creator (shown as a former
 * member); team audit entries they wrote keep their email.
 */
export async function deleteAccount(
  actor: AccountActor,
  input: unknown,
  { throttle, now = new Date() }: { throttle?: SignInThrottle; now?: Date } = {},
): Promise<DeletedAccount> {
  const { password = "", confirmEmail = "" } = parseInput(deleteAccountSchema, input);
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, passwordHash: true, isOperator: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
  // Before the identity check, so a refusal costs no password try; checked again under the locks below.
  await refuseWhileIndispensable(db, user);
  if (user.passwordHash !== "") {
    await confirmPassword(user, password, actor.ip, "password", throttle);
  } else {
    if (confirmEmail.trim().toLowerCase() !== user.email) {
      throw new AppError("INVALID", "Type your email address exactly to confirm.", { confirmEmail: `Type ${user.email} to confirm.` });
    }
    await requireRecentSignIn(actor, now.getTime());
  }

  return db.$transaction(async (tx) => {
    // Every team of theirs is locked, in one order, before the owner counts are read: an owner leaving or
    // being demoted elsewhere at the same moment waits for this (lib/row-lock.ts), and deleters cannot deadlock.
    const teamIds = (await tx.membership.findMany({ where: { userId: user.id }, select: { teamId: true } })).map((m) => m.teamId).sort();
    for (const teamId of teamIds) await lockTeam(tx, teamId);
    await refuseWhileIndispensable(tx, user);

    const memberships = await tx.membership.findMany({
      where: { userId: user.id },
      select: { id: true, teamId: true, role: true, team: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    });
    const who = { userId: user.id, email: user.email };
    let revokedInvitations = 0;
    for (const m of memberships) {
      await tx.membership.delete({ where: { id: m.id } });
      const revoked = await revokeInvitationsBeyondAuthority(tx, actor, { teamId: m.teamId, inviter: who, role: null, reason: "inviter_left" }, now);
      revokedInvitations += revoked;
      await recordAudit(tx, actor, {
        teamId: m.teamId,
        action: "member.left",
        targetType: "member",
        targetId: user.id,
        targetLabel: user.email,
        metadata: { role: m.role, team: m.team.name, reason: "account_deleted", ...(revoked ? { revokedInvitations: revoked } : {}) },
      });
    }
    // Cascades (prisma/schema.prisma): sessions, account trail, tokens, recovery codes, SSO links and the
    // invitations they sent (all revoked or accepted by now). Set null: ApiKey.createdById, AuditLog.actorId.
    await tx.user.delete({ where: { id: user.id } });
    return { email: user.email, teamsLeft: memberships.length, revokedInvitations };
  });
}
