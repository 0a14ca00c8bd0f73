import { db } from "../db";

/** The membership id of a user in a team (tests only). */
export async function membershipId(teamId: string, userId: string): Promise<string> {
  const row = await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId, userId } } });
  return row.id;
}

export async function roleOf(teamId: string, userId: string): Promise<string | null> {
  const row = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  return row?.role ?? null;
}

export function auditCount(teamId: string, action?: string): Promise<number> {
  return db.auditLog.count({ where: { teamId, ...(action ? { action } : {}) } });
}
