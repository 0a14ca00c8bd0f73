import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { recordOperatorAudit } from "./audit";
import { requireOperator } from "./operators";
import { createServiceTokenSchema, revokeServiceTokenSchema, type CreateServiceTokenInput, type RevokeServiceTokenInput } from "./schemas";
import { announceServiceTokenChange } from "./service-token-changes";
import { generateServiceToken, hashServiceToken, visibleTokenParts } from "./service-token-format";

export type ServiceTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  createdAt: Date;
  createdBy: { id: string; email: string; name: string } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: "active" | "revoked";
};

/** A new token: `secret` exists only in this value and is never stored. */
export type CreatedServiceToken = { token: ServiceTokenSummary; secret: string };

const tokenLabel = (t: { name: string; prefix: string; last4: string }) => `${t.name} (${t.prefix}…${t.last4})`;

type TokenRow = { id: string; name: string; prefix: string; last4: string; createdAt: Date; createdById: string | null; lastUsedAt: Date | null; revokedAt: Date | null };

function summarise(row: TokenRow, users: Map<string, { id: string; email: string; name: string }>, now: Date): ServiceTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last4: row.last4,
    createdAt: row.createdAt,
    createdBy: row.createdById ? (users.get(row.createdById) ?? null) : null,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    status: row.revokedAt && row.revokedAt <= now ? "revoked" : "active",
  };
}

const TOKEN_SELECT = { id: true, name: true, prefix: true, last4: true, createdAt: true, createdById: true, lastUsedAt: true, revokedAt: true } as const;

/** Every token, live ones first, newest first within each. Never the hash. */
export async function listServiceTokens(actor: Actor, now = new Date()): Promise<ServiceTokenSummary[]> {
  await requireOperator(actor);
  const rows = await db.serviceToken.findMany({ select: TOKEN_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 });
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))];
  const users = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } })).map((u) => [u.id, u]));
  const tokens = rows.map((r) => summarise(r, users, now));
  return [...tokens.filter((t) => t.status === "active"), ...tokens.filter((t) => t.status === "revoked")];
}

export async function createServiceToken(actor: Actor, input: CreateServiceTokenInput): Promise<CreatedServiceToken> {
  return db.$transaction(async (tx) => {
    const me = await requireOperator(actor, tx);
    const { name } = parseInput(createServiceTokenSchema, input);
    const secret = generateServiceToken();
    const { prefix, last4 } = visibleTokenParts(secret);
    const row = await tx.serviceToken.create({ data: { name, prefix, last4, hash: hashServiceToken(secret), createdById: me.id }, select: TOKEN_SELECT });
    await recordOperatorAudit(tx, actor, {
      action: "service_token.created",
      targetType: "service_token",
      targetId: row.id,
      targetLabel: tokenLabel(row),
      before: null,
      after: { name, prefix, last4 },
    });
    return { token: summarise(row, new Map([[me.id, me]]), new Date()), secret };
  });
}

/** Revokes at once: this process forgets the token before answering, other replicas within 500 ms. */
export async function revokeServiceToken(actor: Actor, input: RevokeServiceTokenInput): Promise<{ name: string }> {
  const name = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const { tokenId } = parseInput(revokeServiceTokenSchema, input);
    const token = await tx.serviceToken.findUnique({ where: { id: tokenId }, select: TOKEN_SELECT });
    if (!token) throw new AppError("NOT_FOUND", "This service token does not exist.");
    const now = new Date();
    const { count } = await tx.serviceToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now } });
    if (count !== 1) throw new AppError("CONFLICT", "This service token is already revoked.");
    await recordOperatorAudit(tx, actor, {
      action: "service_token.revoked",
      targetType: "service_token",
      targetId: tokenId,
      targetLabel: tokenLabel(token),
      before: { name: token.name, revokedAt: null },
      after: { name: token.name, revokedAt: now.toISOString() },
    });
    return token.name;
  });
  announceServiceTokenChange();
  return { name };
}
