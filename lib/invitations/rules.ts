import type { Tx } from "../db";
import { AppError } from "../errors";
import { can, canAssignRole, isRole, ROLE_LABELS, ROLES, type Role } from "../permissions";

/**
 * Whether a member with `role` may hand out `invited` by invitation. Checked
 * when inviting, again when the invitation is accepted (the inviter's role may
 * have changed since), and when the inviter's role changes or they leave.
 */
export function mayGrant(role: Role, invited: Role): boolean {
  return can(role, "members.invite") && canAssignRole(role, invited);
}

/** The roles whose holders may grant `invited`: for putting the rule into a query's `where`. */
export function rolesThatMayGrant(invited: Role): Role[] {
  return ROLES.filter((role) => mayGrant(role, invited));
}

/** Not accepted, not revoked and not yet expired. */
export function pendingWhere(now: Date) {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

export async function assertNotMember(tx: Tx, teamId: string, email: string): Promise<void> {
  const member = await tx.membership.findFirst({ where: { teamId, user: { email } }, select: { id: true } });
  if (member) {
    const message = `${email} is already a member of this team.`;
    throw new AppError("CONFLICT", message, { email: message });
  }
}

export async function assertNoPendingInvitation(tx: Tx, teamId: string, email: string, now: Date): Promise<void> {
  const pending = await tx.invitation.findFirst({ where: { teamId, email, ...pendingWhere(now) }, select: { id: true } });
  if (pending) {
    const message = `${email} already has a pending invitation. Resend it instead.`;
    throw new AppError("CONFLICT", message, { email: message });
  }
}

export function assignRoleRefusal(role: Role, action: "invite" | "resend"): AppError {
  const message =
    role === "owner"
      ? action === "invite"
        ? "Only owners can invite someone as an owner."
        : "Only owners can resend an invitation for the Owner role."
      : `You can't ${action === "invite" ? "invite someone as" : "resend an invitation for"} ${ROLE_LABELS[role]}, a role above your own.`;
  return new AppError("FORBIDDEN", message, action === "invite" ? { role: message } : undefined);
}

/** An invitation of this team that has not been accepted (it may be revoked or expired). */
export async function findOpenInvitation(tx: Tx, teamId: string, invitationId: string) {
  const invitation = await tx.invitation.findFirst({
    where: { id: invitationId, teamId },
    include: { team: { select: { name: true } }, invitedBy: { select: { name: true, email: true } } },
  });
  if (!invitation || !isRole(invitation.role)) throw new AppError("NOT_FOUND", "That invitation no longer exists. Refresh the page.");
  if (invitation.acceptedAt) throw new AppError("CONFLICT", `${invitation.email} has already accepted this invitation.`);
  return { ...invitation, role: invitation.role };
}
