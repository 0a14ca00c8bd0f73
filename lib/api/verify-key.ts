/**
 * The decision behind POST /api/v1/keys/verify, free of HTTP. Order matters:
 * 1. a string that is not a well-formed key (prefix, length, checksum) is
 *    MALFORMED and never reaches the database;
 * 2. unknown hash → NOT_FOUND (nothing to record usage against);
 * 3. revoked (revokedAt <= now) → REVOKED, then expired → EXPIRED;
 * 4. over the optional per-key limit → RATE_LIMITED;
 * 5. otherwise VALID.
 * Every outcome for an existing key is buffered as a usage event. The answer
 * is synchronous whenever the store answers synchronously (SQLite, or a
 * PostgreSQL cache hit) and the rate limit, if any, counts in process, so the
 * common path allocates no promise.
 */
import { parseKey } from "../keys/format";
import type { HotStore } from "../store/types";
import type { UsageBuffer } from "../usage/buffer";
import { findKeyBySecret, keyState, type KeyRow, type MaybePromise } from "./key-lookup";
import { chargeVerification, type VerifyRateLimit } from "./rate-limit";

export const VERIFY_CODES = ["VALID", "MALFORMED", "NOT_FOUND", "EXPIRED", "REVOKED", "RATE_LIMITED"] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

export type VerifyDeps = {
  store: Pick<HotStore, "findKeyByHash">;
  usage: Pick<UsageBuffer, "recordVerify">;
  rateLimit: VerifyRateLimit | null;
};

export type VerifyResult =
  | { valid: false; code: "MALFORMED" | "NOT_FOUND" }
  | {
      valid: boolean;
      code: "VALID" | "EXPIRED" | "REVOKED" | "RATE_LIMITED";
      keyId: string;
      teamId: string;
      environment: string;
      name: string;
      expiresAt: string | null;
    };

export const MALFORMED_RESULT = Object.freeze({ valid: false, code: "MALFORMED" } as const);
export const NOT_FOUND_RESULT = Object.freeze({ valid: false, code: "NOT_FOUND" } as const);

function decide(deps: VerifyDeps, row: KeyRow | undefined, now: number): MaybePromise<VerifyResult> {
  if (!row) return NOT_FOUND_RESULT;
  const state = keyState(row, now);
  if (state !== "VALID" || !deps.rateLimit) return answer(deps, row, state, now);
  // Synchronous with the in-process limiter; one round trip when the limit is shared in Redis.
  const charged = chargeVerification(deps.rateLimit, row.id, now);
  return charged instanceof Promise
    ? charged.then((r) => answer(deps, row, r.allowed ? "VALID" : "RATE_LIMITED", now))
    : answer(deps, row, charged.allowed ? "VALID" : "RATE_LIMITED", now);
}

function answer(deps: VerifyDeps, row: KeyRow, code: "VALID" | "EXPIRED" | "REVOKED" | "RATE_LIMITED", now: number): VerifyResult {
  // A full buffer drops the event, never the answer (see lib/usage/buffer.ts).
  deps.usage.recordVerify({ keyId: row.id, teamId: row.teamId, ts: now, kind: "verify", outcome: code });
  return {
    valid: code === "VALID",
    code,
    keyId: row.id,
    teamId: row.teamId,
    environment: row.environment,
    name: row.name,
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
  };
}

export function verifyKey(deps: VerifyDeps, secret: string, now: number): MaybePromise<VerifyResult> {
  if (parseKey(secret) === null) return MALFORMED_RESULT;
  const found = findKeyBySecret(deps.store, secret);
  return found instanceof Promise ? found.then((row) => decide(deps, row, now)) : decide(deps, found, now);
}
