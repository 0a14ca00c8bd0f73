import type http from "node:http";
import { ADMIN_KEY_ROLES, type Actor, type AdminKeyRole } from "../actor";
import { hashAdminKey, looksLikeAdminKey } from "../admin-keys/format";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import { installedLowRateLimiter } from "../limits/installed";
import { retryAfterSeconds, type Limiter } from "../limits/limiter";
import { requestMetaFrom } from "../request-meta";
import { AdminApiError } from "./errors";

const UNAUTHENTICATED = "Invalid admin key. Send a live admin key of your organization in the x-api-key header.";
const HOLDER_ROLES = ["owner", "admin"];
/** lastUsedAt is written at most this often per key. */
const TOUCH_EVERY_MS = 60_000;
const touchedAt = new Map<string, number>();
const isAdminKeyRole = (role: string): role is AdminKeyRole => (ADMIN_KEY_ROLES as readonly string[]).includes(role);

export const DEFAULT_ADMIN_API_RATE_LIMIT = 600;
let rateLimit: number | undefined;
let fallbackLimiter: Limiter | undefined;

/**
 * Requests per admin key per UTC minute (ADMIN_API_RATE_LIMIT, 0 = off). A value that is
 * not a whole number keeps the default, with a warning (start.ts does not check it).
 */
export function adminApiRateLimit(env: Readonly<Record<string, string | undefined>> = process.env): number {
  if (rateLimit !== undefined && env === process.env) return rateLimit;
  const raw = env.ADMIN_API_RATE_LIMIT?.trim();
  let value = DEFAULT_ADMIN_API_RATE_LIMIT;
  if (raw) {
    const parsed = Number(raw);
    if (Number.isSafeInteger(parsed) && parsed >= 0) value = parsed;
    else console.warn(`[admin-api] ADMIN_API_RATE_LIMIT must be a whole number (0 = off), got "${raw}": using ${value}`);
  }
  if (env === process.env) rateLimit = value;
  return value;
}

/** Forgets the cached limit (tests that change ADMIN_API_RATE_LIMIT). */
export function resetAdminApiRateLimit(): void {
  rateLimit = undefined;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The actor of an Admin API request: the admin key of `x-api-key`, acting for its creator,
 * while the key is live and its creator still an owner or admin of the key's team. Every
 * refusal says the same thing, so a caller learns nothing about which check failed.
 */
export async function authenticateAdminRequest(req: http.IncomingMessage, now = new Date()): Promise<{ actor: Actor; teamId: string }> {
  if (!header(req, "anthropic-version")?.trim()) {
    throw new AdminApiError(400, "invalid_request_error", "anthropic-version: header is required (any version, e.g. 2023-06-01).");
  }
  const secret = header(req, "x-api-key")?.trim() ?? "";
  if (!looksLikeAdminKey(secret)) throw new AdminApiError(401, "authentication_error", UNAUTHENTICATED);
  const key = await db.adminKey.findUnique({ where: { hash: hashAdminKey(secret) } });
  const live = key && key.revokedAt === null && (key.expiresAt === null || key.expiresAt > now) && key.createdById !== null;
  if (!key || !live || !isAdminKeyRole(key.role)) throw new AdminApiError(401, "authentication_error", UNAUTHENTICATED);
  const creatorId = key.createdById!;
  const membership = await db.membership.findUnique({
    where: { teamId_userId: { teamId: key.teamId, userId: creatorId } },
    select: { role: true, user: { select: { email: true } } },
  });
  if (!membership || !HOLDER_ROLES.includes(membership.role)) throw new AdminApiError(401, "authentication_error", UNAUTHENTICATED);

  await enforceRateLimit(key.id, now.getTime());
  await touch(key.id, now);
  const actor: Actor = {
    userId: creatorId,
    email: membership.user.email,
    adminKey: { id: key.id, name: key.name, role: key.role, teamId: key.teamId },
    ...requestMetaFrom((name) => header(req, name)),
  };
  return { actor, teamId: key.teamId };
}

async function enforceRateLimit(keyId: string, now: number): Promise<void> {
  const limit = adminApiRateLimit();
  if (limit === 0) return;
  const limiter = installedLowRateLimiter() ?? (fallbackLimiter ??= new DbLimiter({ pruneEveryMs: 10 * 60_000 }));
  const result = await limiter.consume(`admin-api:${keyId}`, { limit, windowMs: 60_000 }, 1, now);
  if (result.allowed) return;
  const retryAfter = retryAfterSeconds(result, now);
  throw new AdminApiError(429, "rate_limit_error", `This admin key has made more than ${limit} requests this minute. Try again in ${retryAfter} seconds.`, {
    "retry-after": String(retryAfter),
  });
}

/**
 * Records the key's use, at most once a minute per key (and per process), before the
 * handler runs (so a request never leaves a write behind it). Never fails the request.
 */
async function touch(keyId: string, now: Date): Promise<void> {
  const last = touchedAt.get(keyId) ?? 0;
  if (now.getTime() - last < TOUCH_EVERY_MS) return;
  touchedAt.set(keyId, now.getTime());
  if (touchedAt.size > 10_000) touchedAt.clear();
  const stale = new Date(now.getTime() - TOUCH_EVERY_MS);
  await db.adminKey
    .updateMany({ where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } })
    .catch((error) => console.error("[admin-api] could not record an admin key's use", error));
}
