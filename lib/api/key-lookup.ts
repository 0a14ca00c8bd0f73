/**
 * Finds a key by the hash of its secret through the hot store, and judges its
 * state at the time of the request. Expiry and revocation are always checked
 * here, against `now`, never remembered: whatever a store caches, a key stops
 * working at the instant it expires or is revoked.
 */
import crypto from "node:crypto";
import { parseKey } from "../keys/format";
import type { HotStore, KeyRow } from "../store/types";

export type { KeyRow };
export type KeyState = "VALID" | "EXPIRED" | "REVOKED";
export type MaybePromise<T> = T | Promise<T>;

/** Database lookups done so far; tests use it to prove malformed keys never reach the database. */
export const lookupCounter = { count: 0 };

/** Same digest as hashKey() in lib/keys/format.ts (a test pins it), one-shot to skip the Hash object. */
export function secretHash(secret: string): string {
  return crypto.hash("sha256", secret, "hex");
}

export function findKeyBySecret(store: Pick<HotStore, "findKeyByHash">, secret: string): MaybePromise<KeyRow | undefined> {
  lookupCounter.count++;
  return store.findKeyByHash(secretHash(secret));
}

/**
 * revokedAt may lie in the future: a rotated key's old secret keeps working
 * until then. Revocation wins over expiry when both have passed. The same
 * rule as keyStatus() in lib/keys/status.ts, on epoch ms for the hot path
 * (a test pins the two together).
 */
export function keyState(row: KeyRow, now: number): KeyState {
  if (row.revokedAt !== null && row.revokedAt <= now) return "REVOKED";
  if (row.expiresAt !== null && row.expiresAt <= now) return "EXPIRED";
  return "VALID";
}

export type AuthFailure = { ok: false; code: "MISSING_KEY" | "INVALID_KEY" | "KEY_REVOKED" | "KEY_EXPIRED"; message: string };
export type AuthResult = { ok: true; key: KeyRow } | AuthFailure;

const MISSING: AuthFailure = { ok: false, code: "MISSING_KEY", message: "Send the API key as `Authorization: Bearer gk_…`." };
const INVALID: AuthFailure = { ok: false, code: "INVALID_KEY", message: "This API key is not valid." };
const REVOKED: AuthFailure = { ok: false, code: "KEY_REVOKED", message: "This API key has been revoked." };
const EXPIRED: AuthFailure = { ok: false, code: "KEY_EXPIRED", message: "This API key has expired." };

function judge(row: KeyRow | undefined, now: number): AuthResult {
  if (!row) return INVALID;
  const state = keyState(row, now);
  if (state === "REVOKED") return REVOKED;
  if (state === "EXPIRED") return EXPIRED;
  return { ok: true, key: row };
}

/** Authenticates `Authorization: Bearer gk_…` for endpoints called with a key. */
export function authenticateBearer(store: Pick<HotStore, "findKeyByHash">, header: string | undefined, now: number): MaybePromise<AuthResult> {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return MISSING;
  const secret = match[1];
  if (!parseKey(secret)) return INVALID;
  const found = findKeyBySecret(store, secret);
  return found instanceof Promise ? found.then((row) => judge(row, now)) : judge(found, now);
}
