import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { canAssignRole } from "../permissions";
import { lockTeam } from "../row-lock";
import { parseInput } from "../validation";
import { deliverInvitation } from "./deliver";
import type { InvitationCallOptions, InvitationIssued } from "./invite-member";
import { withInvitationEmail } from "./limits";
import { assertNotMember, assignRoleRefusal, findOpenInvitation } from "./rules";
import { invitationRefSchema, type InvitationRef } from "./schemas";
import { generateInvitationToken, hashInvitationToken, invitationUrl, newExpiry } from "./token";

/** The invitation `actor` may resend; run before counting and again when writing. */
async function resendableInvitation(tx: Tx, actor: Actor, { teamId, invitationId }: InvitationRef) {
  const me = await requireMembership(tx, actor, teamId, "invitations.manage");
  const found = await findOpenInvitation(tx, teamId, invitationId);
  if (found.revokedAt) throw new AppError("CONFLICT", `This invitation was revoked. Invite ${found.email} again instead.`);
  if (!canAssignRole(me.role, found.role)) throw assignRoleRefusal(found.role, "resend");
  await assertNotMember(tx, teamId, found.email);
  return found;
}

/**
 * A new token replaces the old one (whose link stops working at once), with a
 * fresh 7-day expiry. It is also how an older invitation's link is copied
 * again, since only the hash of a token is ever stored. Every resend emails
 * the invitee, so it counts against the invitation limits of the resender,
 * the team and the address (lib/invitations/limits.ts).
 */
export async function resendInvitation(actor: Actor, input: InvitationRef, options: InvitationCallOptions = {}): Promise<InvitationIssued> {
  const ref = parseInput(invitationRefSchema, input);
  const token = generateInvitationToken();
  const now = options.now ?? new Date();

  const { email } = await db.$transaction((tx) => resendableInvitation(tx, actor, ref));

  const scope = { inviterId: actor.userId, teamId: ref.teamId, email };
  const invitation = await withInvitationEmail(scope, now, options, () =>
    db.$transaction(async (tx) => {
      // A new invitation of the same address (which retires this one if it has expired) waits
      // for this resend, or this resend for it, so the address never ends with two pending.
      await lockTeam(tx, ref.teamId);
      const found = await resendableInvitation(tx, actor, ref);
      const expiresAt = newExpiry(now);
      // Conditional: acceptance does not take the team lock, and a used invitation must not get a new link.
      const { count } = await tx.invitation.updateMany({
        where: { id: found.id, acceptedAt: null, revokedAt: null },
        data: { tokenHash: hashInvitationToken(token), sentAt: now, expiresAt },
      });
      if (count !== 1) {
        const fresh = await tx.invitation.findUnique({ where: { id: found.id }, select: { acceptedAt: true } });
        throw new AppError(
          "CONFLICT",
          fresh?.acceptedAt ? `${found.email} has already accepted this invitation.` : `This invitation was revoked. Invite ${found.email} again instead.`,
        );
      }
      await recordAudit(tx, actor, {
        teamId: ref.teamId,
        action: "invitation.resent",
        targetType: "invitation",
        targetId: found.id,
        targetLabel: found.email,
        metadata: { role: found.role },
      });
      return { ...found, expiresAt };
    }),
  );

  const delivery = await deliverInvitation(invitation, token);
  return {
    invitationId: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    inviteUrl: invitationUrl(token),
    delivery,
  };
}
