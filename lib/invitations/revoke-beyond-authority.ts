import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import { isRole, type Role } from "../permissions";
import { mayGrant } from "./rules";

/** Why an invitation was revoked without anyone pressing "Revoke" (kept in the audit record). */
export type AuthorityLoss = "inviter_removed" | "inviter_left" | "inviter_role_changed" | "inviter_cannot_grant";

export type Inviter = { userId: string; email: string };

/**
 * Revokes, in the caller's transaction, the open (not accepted, not revoked;
 * expired ones too, since they can be resent) invitations that `inviter` sent
 * for this team and that their role (`role`, or null once they are no longer a
 * member) no longer lets them grant. One `invitation.revoked` record per
 * invitation, by `actor` (who removed or demoted them, or the leaver), saying
 * why. Returns how many were revoked.
 *
 * Without this, a removed or demoted admin could regain their role by
 * accepting, from a second address, an invitation they had sent earlier.
 */
export async function revokeInvitationsBeyondAuthority(
  tx: Tx,
  actor: Actor,
  change: { teamId: string; inviter: Inviter; role: Role | null; reason: AuthorityLoss },
  now = new Date(),
): Promise<number> {
  const { teamId, inviter, role, reason } = change;
  const open = await tx.invitation.findMany({
    where: { teamId, invitedById: inviter.userId, acceptedAt: null, revokedAt: null },
    select: { id: true, email: true, role: true },
    orderBy: { createdAt: "asc" },
  });
  let revoked = 0;
  for (const invitation of open) {
    if (role && isRole(invitation.role) && mayGrant(role, invitation.role)) continue;
    if (await revokeOne(tx, actor, { teamId, invitation, inviter, reason }, now)) revoked++;
  }
  return revoked;
}

/** Revokes one open invitation and audits it; false when it was no longer open. */
export async function revokeOne(
  tx: Tx,
  actor: Actor,
  { teamId, invitation, inviter, reason }: { teamId: string; invitation: { id: string; email: string; role: string }; inviter: Inviter; reason: AuthorityLoss },
  now = new Date(),
): Promise<boolean> {
  // Conditional, so an invitation accepted a moment ago is neither revoked nor audited as such.
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count !== 1) return false;
  await recordAudit(tx, actor, {
    teamId,
    action: "invitation.revoked",
    targetType: "invitation",
    targetId: invitation.id,
    targetLabel: invitation.email,
    metadata: { role: invitation.role, reason, inviterId: inviter.userId, inviterEmail: inviter.email },
  });
  return true;
}
