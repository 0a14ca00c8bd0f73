import { vi } from "vitest";
import { db } from "../db";

/** Invitation tests run without SMTP: the email goes to console.log, which is silenced here. */
export function quietEmailLog() {
  vi.stubEnv("SMTP_HOST", "");
  vi.stubEnv("APP_URL", "https://portal.example.test");
  return vi.spyOn(console, "log").mockImplementation(() => {});
}

export function tokenOf(inviteUrl: string): string {
  const token = inviteUrl.split("/invite/")[1];
  if (!token) throw new Error(`not an invite URL: ${inviteUrl}`);
  return token;
}

export function invitationRows(teamId: string, email?: string) {
  return db.invitation.findMany({ where: { teamId, ...(email ? { email } : {}) }, orderBy: { createdAt: "asc" } });
}

export function auditRows(teamId: string, action?: string) {
  return db.auditLog.findMany({ where: { teamId, ...(action ? { action } : {}) } });
}

/**
 * Invitation limits count per recipient address across tests in a file (one
 * database per file): each test starts with fresh counters.
 */
export function resetInvitationLimits() {
  return db.$transaction((tx) => tx.rateLimitCounter.deleteMany({ where: { key: { contains: ":invitations:" } } }));
}
