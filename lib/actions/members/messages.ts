import { ROLE_LABELS, type Role } from "@/lib/permissions";

/** " 2 pending invitations they sent were revoked." (empty when none were). */
export function revokedInvitationsNote(count: number, who: "they" | "you"): string {
  if (!count) return "";
  const what = count === 1 ? "1 pending invitation" : `${count} pending invitations`;
  return ` ${what} ${who} sent ${count === 1 ? "was" : "were"} revoked.`;
}

export function roleChangedMessage(result: { name: string; from: Role; to: Role; changed: boolean; revokedInvitations: number }): string {
  if (!result.changed) return `${result.name} is already ${ROLE_LABELS[result.to]}.`;
  return `${result.name} is now ${ROLE_LABELS[result.to]} (was ${ROLE_LABELS[result.from]}).${revokedInvitationsNote(result.revokedInvitations, "they")}`;
}
