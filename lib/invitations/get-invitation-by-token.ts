import { db } from "../db";
import { isRole, type Role } from "../permissions";
import { hashInvitationToken, isWellFormedToken } from "./token";

export type InvitationState = "valid" | "expired" | "revoked" | "accepted" | "not_found";

export type InvitationDetails = {
  id: string;
  email: string;
  role: Role;
  message: string;
  expiresAt: Date;
  team: { id: string; name: string; slug: string };
  invitedBy: { name: string; email: string };
};

export type InvitationLookup =
  | { state: "not_found"; invitation: null }
  | { state: Exclude<InvitationState, "not_found">; invitation: InvitationDetails };

/** What the accept page shows. Needs no session: holding the token is what grants a look. */
export async function getInvitationByToken(token: string, now = new Date()): Promise<InvitationLookup> {
  if (!isWellFormedToken(token)) return { state: "not_found", invitation: null };
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: {
      team: { select: { id: true, name: true, slug: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!row || !isRole(row.role)) return { state: "not_found", invitation: null };
  const invitation: InvitationDetails = {
    id: row.id,
    email: row.email,
    role: row.role,
    message: row.message,
    expiresAt: row.expiresAt,
    team: row.team,
    invitedBy: row.invitedBy,
  };
  return { state: invitationState(row, now), invitation };
}

export function invitationState(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): Exclude<InvitationState, "not_found"> {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}
