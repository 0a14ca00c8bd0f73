/**
 * API keys as the Admin API shows them (`type: "api_key"`), and the reads behind its
 * list and get. Permission: keys.read, checked by requireMembership like the console's
 * list; a key of another team is not found.
 */
import { z } from "zod";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { ENVIRONMENTS, type Environment } from "../keys/constants";
import { keyStatus } from "../keys/status";
import { requireMembership } from "../membership";
import { microsToUsdText } from "../money";
import { policyOf } from "../policy/stored-policy";
import { paginate, type Page, type PageQuery } from "./pagination";

/** The Admin API's three states. A key inside a rotation's overlap still works: it is `active`, with `rotated_to_id`. */
export const API_KEY_STATUSES = ["active", "expired", "revoked"] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

export const apiKeyPolicySchema = z
  .object({
    allowed_models: z.array(z.string()).nullable().meta({ description: "Model ids the key may use; null: every model the provider offers." }),
    rpm_limit: z.number().int().nullable().meta({ description: "Requests per minute; null: no limit of its own." }),
    tpm_limit: z.number().int().nullable().meta({ description: "Tokens per minute; null: no limit of its own." }),
    monthly_budget_usd: z.string().nullable().meta({ description: 'Monthly budget in US dollars as a decimal string ("25", "12.5"); null: none.' }),
    ip_allowlist: z.array(z.string()).meta({ description: "Addresses and CIDR ranges the key may be used from; empty: any address." }),
  })
  .meta({ id: "ApiKeyPolicy", description: "The key's policy (the console's policy form)." });

export const apiKeySchema = z
  .object({
    id: z.string(),
    type: z.literal("api_key"),
    name: z.string(),
    environment: z.enum(ENVIRONMENTS),
    status: z.enum(API_KEY_STATUSES),
    partial_key_hint: z.string().meta({ description: "The key's first and last characters, for recognising it; never the secret." }),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable().meta({ description: "When it stopped (or, inside a rotation's overlap, will stop) working." }),
    last_used_at: z.iso.datetime().nullable(),
    created_by: z
      .object({ type: z.enum(["user", "admin_key"]), id: z.string() })
      .nullable()
      .meta({ description: "Who made it: a person in the console, or an admin key through this API; null once its creator's account is gone." }),
    rotated_to_id: z.string().nullable().meta({ description: "Set once the key was rotated: the key that replaced it." }),
    policy: apiKeyPolicySchema,
  })
  .meta({
    id: "ApiKey",
    description: "An API key of the organization (metadata only: the secret is shown once, when it is created or rotated).",
    example: {
      id: "cmf1a2b3c0000akey",
      type: "api_key",
      name: "payments-backend",
      environment: "production",
      status: "active",
      partial_key_hint: "gk_live_Ab3d…wxyz",
      created_at: "2026-01-05T10:00:00.000Z",
      expires_at: "2026-04-05T10:00:00.000Z",
      revoked_at: null,
      last_used_at: "2026-01-06T08:12:00.000Z",
      created_by: { type: "admin_key", id: "cmf1a2b3c0000admk" },
      rotated_to_id: null,
      policy: { allowed_models: ["claude-sonnet-5"], rpm_limit: 600, tpm_limit: null, monthly_budget_usd: "250", ip_allowlist: [] },
    },
  });
export type ApiKeyObject = z.infer<typeof apiKeySchema>;

const keySelect = {
  id: true,
  name: true,
  environment: true,
  prefix: true,
  last4: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  rotatedToId: true,
  createdById: true,
  createdByAdminKeyId: true,
  allowedModels: true,
  rpmLimit: true,
  tpmLimit: true,
  budgetMicros: true,
  ipAllowlist: true,
} as const;

type KeyRow = {
  id: string;
  name: string;
  environment: string;
  prefix: string;
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  rotatedToId: string | null;
  createdById: string | null;
  createdByAdminKeyId: string | null;
  allowedModels: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  budgetMicros: bigint | number | null;
  ipAllowlist: string;
};

/** lib/keys/status.ts's finer states folded into the Admin API's three. */
export function apiKeyStatus(key: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): ApiKeyStatus {
  const status = keyStatus(key, now);
  return status === "revoked" || status === "expired" ? status : "active";
}

function statusWhere(status: ApiKeyStatus, now: Date): object {
  const notRevoked = { OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] };
  if (status === "revoked") return { revokedAt: { lte: now } };
  if (status === "expired") return { AND: [notRevoked, { expiresAt: { lte: now } }] };
  return { AND: [notRevoked, { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function apiKeyObject(row: KeyRow, now: Date): ApiKeyObject {
  const policy = policyOf(row);
  return {
    id: row.id,
    type: "api_key",
    name: row.name,
    environment: row.environment as Environment,
    status: apiKeyStatus(row, now),
    partial_key_hint: `${row.prefix}…${row.last4}`,
    created_at: row.createdAt.toISOString(),
    expires_at: iso(row.expiresAt),
    revoked_at: iso(row.revokedAt),
    last_used_at: iso(row.lastUsedAt),
    created_by: row.createdByAdminKeyId
      ? { type: "admin_key", id: row.createdByAdminKeyId }
      : row.createdById
        ? { type: "user", id: row.createdById }
        : null,
    rotated_to_id: row.rotatedToId,
    policy: {
      allowed_models: policy.allowedModels,
      rpm_limit: policy.rpmLimit,
      tpm_limit: policy.tpmLimit,
      monthly_budget_usd: policy.budgetMicros === null ? null : microsToUsdText(policy.budgetMicros),
      ip_allowlist: policy.ipAllowlist,
    },
  };
}

export type ApiKeyFilters = { status?: ApiKeyStatus; environment?: Environment; created_by_user_id?: string };

/** One page of the team's keys, newest first, filtered in the query itself (status by the clock at `now`). */
export async function listApiKeyObjects(actor: Actor, teamId: string, filters: ApiKeyFilters & PageQuery, now = new Date()): Promise<Page<ApiKeyObject>> {
  await requireMembership(db, actor, teamId, "keys.read");
  const where = {
    AND: [
      { teamId },
      filters.environment ? { environment: filters.environment } : {},
      filters.created_by_user_id ? { createdById: filters.created_by_user_id } : {},
      filters.status ? statusWhere(filters.status, now) : {},
    ],
  };
  return paginate(db.apiKey, where, filters, (row: KeyRow) => apiKeyObject(row, now), { select: keySelect });
}

export async function getApiKeyObject(actor: Actor, teamId: string, keyId: string, now = new Date()): Promise<ApiKeyObject> {
  await requireMembership(db, actor, teamId, "keys.read");
  const row = await db.apiKey.findFirst({ where: { id: keyId, teamId }, select: keySelect });
  if (!row) throw new AppError("NOT_FOUND", "API key not found.");
  return apiKeyObject(row, now);
}
