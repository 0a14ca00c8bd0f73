import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { parseInput } from "../validation";
import { findOpenInvitation } from "./rules";
import { invitationRefSchema, type InvitationRef } from "./schemas";

/** The link stops working at once. Revoking twice is harmless and audited once. */
export async function revokeInvitation(actor: Actor, input: InvitationRef): Promise<{ invitationId: string; email: string }> {
  const { teamId, invitationId } = parseInput(invitationRefSchema, input);
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor.userId, teamId, "invitations.manage");
    const found = await findOpenInvitation(tx, teamId, invitationId);
    if (!found.revokedAt) {
      await tx.invitation.update({ where: { id: found.id }, data: { revokedAt: new Date() } });
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
