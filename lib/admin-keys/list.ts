import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { keyStatus } from "../keys/status";
import { requireMembership } from "../membership";
import type { AdminKeyRole, AdminKeyStatus } from "./constants";

/** What the console may know about an admin key: metadata only, never the hash or the secret. */
export type AdminKeySummary = {
  id: string;
  teamId: string;
  name: string;
  role: AdminKeyRole;
  prefix: string;
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Null once the creator's account is gone (the key stopped working then too). */
  createdBy: { id: string; name: string; email: string } | null;
  status: AdminKeyStatus;
};

const select = {
  id: true,
  teamId: true,
  name: true,
  role: true,
  prefix: true,
  last4: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdById: true,
} as const satisfies Prisma.AdminKeySelect;

type Row = Prisma.AdminKeyGetPayload<{ select: typeof select }>;

// An admin key is revoked at once, never at a later instant, so keyStatus never says "rotating" for one.
const statusOf = (row: Row, now: Date) => keyStatus(row, now) as AdminKeyStatus;

/** The rows with their creators (AdminKey has no relation to User: a deleted account leaves its keys' history). */
async function summarise(tx: Tx, rows: Row[], now: Date): Promise<AdminKeySummary[]> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))];
  const users = ids.length ? await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map(({ createdById, ...row }) => ({
    ...row,
    role: row.role as AdminKeyRole,
    createdBy: (createdById && byId.get(createdById)) || null,
    status: statusOf({ ...row, createdById }, now),
  }));
}

export async function findAdminKeySummary(tx: Tx, teamId: string, adminKeyId: string, now: Date): Promise<AdminKeySummary> {
  const row = await tx.adminKey.findFirst({ where: { id: adminKeyId, teamId }, select });
  if (!row) throw new AppError("NOT_FOUND", "Admin key not found.");
  const [summary] = await summarise(tx, [row], now);
  return summary;
}

/** The team's admin keys, newest first. Owners and admins only: the list says who can automate the team. */
export async function listAdminKeys(actor: Actor, teamId: string): Promise<AdminKeySummary[]> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "adminKeys.manage");
    const rows = await tx.adminKey.findMany({ where: { teamId }, select, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return summarise(tx, rows, new Date());
  });
}
