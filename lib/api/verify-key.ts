/**
 * The decision behind POST /api/v1/keys/verify, free of HTTP. Order matters:
 * 1. a string that is not a well-formed key (prefix, length, checksum) is
 *    MALFORMED and never reaches the database;
 * 2. unknown hash → NOT_FOUND (nothing to record usage against);
 * 3. revoked (revokedAt <= now) → REVOKED, then expired → EXPIRED;
 * 4. over the optional per-key limit → RATE_LIMITED;
 * 5. otherwise VALID.
 * Every outcome for an existing key is buffered as a usage event.
 */
import { parseKey } from "../keys/format";
import { recordUsage } from "../usage/buffer";
import { findKeyBySecret, keyState, parseStoredDate, type KeyRow } from "./key-lookup";
import { getVerifyLimiter } from "./rate-limit";

export const VERIFY_CODES = ["VALID", "MALFORMED", "NOT_FOUND", "EXPIRED", "REVOKED", "RATE_LIMITED"] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

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

function isoOrNull(stored: string | null): string | null {
  const ms = parseStoredDate(stored);
  return ms === null ? null : new Date(ms).toISOString();
}

export function verifyKey(secret: string, now: number): VerifyResult {
  if (parseKey(secret) === null) return MALFORMED_RESULT;
  const row: KeyRow | undefined = findKeyBySecret(secret);
  if (!row) return NOT_FOUND_RESULT;

  let code: "VALID" | "EXPIRED" | "REVOKED" | "RATE_LIMITED" = keyState(row, now);
  if (code === "VALID") {
    const limiter = getVerifyLimiter();
    if (limiter && !limiter.hit(row.id, now)) code = "RATE_LIMITED";
  }
  recordUsage({ keyId: row.id, teamId: row.teamId, ts: now, kind: "verify", outcome: code });
  return {
    valid: code === "VALID",
    code,
    keyId: row.id,
    teamId: row.teamId,
    environment: row.environment,
    name: row.name,
    expiresAt: isoOrNull(row.expiresAt),
  };
}
