import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { parseInput } from "../validation";
import { findOpenInvitation } from "./rules";
import { invitationRefSchema, type InvitationRef } from "./schemas";

/** The link stops working at once. Revoking twice is harmless and audited once. */
export async function revokeInvitation(actor: Actor, input: InvitationRef): Promise<{ invitationId: string; email: string }> {
  const { teamId, invitationId } = parseInput(invitationRefSchema, input);
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "invitations.manage");
    const found = await findOpenInvitation(tx, teamId, invitationId);
    if (!found.revokedAt) {
      // Conditional: an accept running at the same moment claims the invitation the same way, so
      // exactly one of them wins and an invitation is never both used and revoked.
      const { count } = await tx.invitation.updateMany({
        where: { id: found.id, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count !== 1) {
        const fresh = await tx.invitation.findUnique({ where: { id: found.id }, select: { acceptedAt: true } });
        if (fresh?.acceptedAt) throw new AppError("CONFLICT", `${found.email} has already accepted this invitation.`);
        // Revoked by someone else a moment ago (or gone with its team): nothing left to do.
        return { invitationId: found.id, email: found.email };
      }
      await recordAudit(tx, actor, {
        teamId,
        action: "invitation.revoked",
        targetType: "invitation",
        targetId: found.id,
        targetLabel: found.email,
        metadata: { role: found.role },
      });
    }
    return { invitationId: found.id, email: found.email };
  });
}
