/**
 * Finds a key by the hash of its secret, on every call: revocation and expiry
 * take effect on the very next request, there is no cache to go stale.
 */
import crypto from "node:crypto";
import { parseKey } from "../keys/format";
import { preparedOnce } from "./sqlite";

export type KeyRow = {
  id: string;
  teamId: string;
  name: string;
  environment: string;
  expiresAt: string | null;
  revokedAt: string | null;
};

export type KeyState = "VALID" | "EXPIRED" | "REVOKED";

const selectByHash = preparedOnce((db) =>
  db.prepare<[string], KeyRow>(
    "SELECT id, teamId, name, environment, expiresAt, revokedAt FROM ApiKey WHERE hash = ?",
  ),
);

/** Database lookups done so far; tests use it to prove malformed keys never reach the database. */
export const lookupCounter = { count: 0 };

/** Same digest as hashKey() in lib/keys/format.ts (a test pins it), one-shot to skip the Hash object. */
export function secretHash(secret: string): string {
  return crypto.hash("sha256", secret, "hex");
}

export function findKeyBySecret(secret: string): KeyRow | undefined {
  lookupCounter.count++;
  return selectByHash().get(secretHash(secret));
}

/**
 * Prisma's adapter stores DateTime as text ("2026-11-22T11:15:24.672+00:00");
 * rows written by hand may hold epoch ms. Unparseable means "not set".
 */
export function parseStoredDate(value: string | number | null): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * revokedAt may lie in the future: a rotated key's old secret keeps working
 * until then. Revocation wins over expiry when both have passed.
 */
export function keyState(row: KeyRow, now: number): KeyState {
  const revokedAt = parseStoredDate(row.revokedAt);
  if (revokedAt !== null && revokedAt <= now) return "REVOKED";
  const expiresAt = parseStoredDate(row.expiresAt);
  if (expiresAt !== null && expiresAt <= now) return "EXPIRED";
  return "VALID";
}

export type AuthResult =
  | { ok: true; key: KeyRow }
  | { ok: false; code: "MISSING_KEY" | "INVALID_KEY" | "KEY_REVOKED" | "KEY_EXPIRED"; message: string };

/** Authenticates `Authorization: Bearer gk_…` for endpoints called with a key. */
export function authenticateBearer(header: string | undefined, now: number): AuthResult {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return { ok: false, code: "MISSING_KEY", message: "Send the API key as `Authorization: Bearer gk_…`." };
  const secret = match[1];
  const row = parseKey(secret) ? findKeyBySecret(secret) : undefined;
  if (!row) return { ok: false, code: "INVALID_KEY", message: "This API key is not valid." };
  const state = keyState(row, now);
  if (state === "REVOKED") return { ok: false, code: "KEY_REVOKED", message: "This API key has been revoked." };
  if (state === "EXPIRED") return { ok: false, code: "KEY_EXPIRED", message: "This API key has expired." };
  return { ok: true, key: row };
}
