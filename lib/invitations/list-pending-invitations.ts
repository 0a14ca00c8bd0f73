import type { Actor } from "../actor";
import { db } from "../db";
import { requireMembership } from "../membership";
import { isRole, type Role } from "../permissions";

export type PendingInvitation = {
  id: string;
  email: string;
  role: Role;
  message: string;
  invitedBy: { name: string; email: string };
  sentAt: Date;
  expiresAt: Date;
  /** Expired invitations stay listed so they can be resent or revoked. */
  expired: boolean;
};

/** Invitations not yet accepted or revoked, newest first; any member may look. */
export async function listPendingInvitations(actor: Actor, teamId: string): Promise<PendingInvitation[]> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "members.read");
    const rows = await tx.invitation.findMany({
      where: { teamId, acceptedAt: null, revokedAt: null },
      include: { invitedBy: { select: { name: true, email: true } } },
      orderBy: { sentAt: "desc" },
    });
    const now = Date.now();
    return rows.flatMap((row) =>
      isRole(row.role)
        ? [
            {
              id: row.id,
              email: row.email,
              role: row.role,
              message: row.message,
              invitedBy: row.invitedBy,
              sentAt: row.sentAt,
              expiresAt: row.expiresAt,
              expired: row.expiresAt.getTime() <= now,
            },
          ]
        : [],
    );
  });
}
