import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import type { Environment } from "./format";
import { keyFiltersSchema, type KeyFilters, type KeyStatus } from "./schemas";
import { keyStatus } from "./status";

/** What the console may know about a key: metadata only, never the hash or the secret. */
export type ApiKeySummary = {
  id: string;
  teamId: string;
  name: string;
  environment: Environment;
  prefix: string;
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** Set on the old key of a rotation: the key that replaced it. */
  rotatedToId: string | null;
  /** Set on the new key of a rotation: the key it replaced. */
  rotatedFromId: string | null;
  createdBy: { id: string; name: string; email: string } | null;
  status: KeyStatus;
  /** Set when it was revoked because it was reported leaked (lib/keys/leaked.ts): when, and where it was found. */
  leakedAt: Date | null;
  leakUrl: string;
  leakSource: string;
};

export const summarySelect = {
  id: true,
  teamId: true,
  name: true,
  environment: true,
  prefix: true,
  last4: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  rotatedToId: true,
  rotatedFrom: { select: { id: true } },
  createdBy: { select: { id: true, name: true, email: true } },
  leakedAt: true,
  leakUrl: true,
  leakSource: true,
} as const;

type SummaryRow = {
  id: string;
  teamId: string;
  name: string;
  environment: string;
  prefix: string;
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  rotatedToId: string | null;
  rotatedFrom: { id: string } | null;
  createdBy: { id: string; name: string; email: string } | null;
  leakedAt: Date | null;
  leakUrl: string;
  leakSource: string;
};

export function toSummary(row: SummaryRow, now: Date): ApiKeySummary {
  const { rotatedFrom, ...rest } = row;
  return {
    ...rest,
    environment: row.environment as Environment,
    rotatedFromId: rotatedFrom?.id ?? null,
    status: keyStatus(row, now),
  };
}

export async function findKeySummary(tx: Tx, teamId: string, keyId: string, now: Date): Promise<ApiKeySummary> {
  const row = await tx.apiKey.findFirst({ where: { id: keyId, teamId }, select: summarySelect });
  if (!row) throw new AppError("NOT_FOUND", "API key not found.");
  return toSummary(row, now);
}

/** The team's keys, newest first, optionally filtered by environment and computed status. */
export async function listApiKeys(actor: Actor, teamId: string, filters: KeyFilters = {}): Promise<ApiKeySummary[]> {
  const { environment, status } = keyFiltersSchema.parse(filters);
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "keys.read");
    const now = new Date();
    const rows = await tx.apiKey.findMany({
      where: { teamId, ...(environment ? { environment } : {}) },
      select: summarySelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    // Status depends on the clock, so it is filtered here rather than in SQL; a team holds few keys.
    const keys = rows.map((row) => toSummary(row, now));
    return status ? keys.filter((k) => k.status === status) : keys;
  });
}

/** One key of the team; NOT_FOUND for keys of other teams and for teams the caller is not in. */
export async function getApiKey(actor: Actor, teamId: string, keyId: string): Promise<ApiKeySummary> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "keys.read");
    return findKeySummary(tx, teamId, keyId, new Date());
  });
}
