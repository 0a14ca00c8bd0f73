/**
 * Recovery codes: the way in when the authenticator app is lost. Ten per
 * account, shown once, stored only as SHA-256 hashes, each usable once.
 *
 * A code is ten characters of Crockford's base32 (digits and lower-case
 * letters without i, l, o, u), shown as "xxxxx-xxxxx": 50 random bits, so
 * even a leaked table of hashes takes real work per code. The hash is salted
 * with the user id, so one computation never matches two accounts. They are
 * plain hashes, not keyed by the server secret, on purpose: after that secret
 * changes, the sealed TOTP secrets are unreadable and the recovery codes are
 * what still works.
 */
import crypto from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const HALF = 5;

/** A code as typed, as stored for hashing: lower case, separators dropped, the look-alikes Crockford reads as digits. */
export function normalizeRecoveryCode(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

/** Whether typed text can be a recovery code at all (checked before any database work). */
export function looksLikeRecoveryCode(text: string): boolean {
  return /^[0-9a-hjkmnp-tv-z]{10}$/.test(normalizeRecoveryCode(text));
}

export function generateRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < HALF * 2; i++) code += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return `${code.slice(0, HALF)}-${code.slice(HALF)}`;
}

/** Ten new, distinct codes. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

export function hashRecoveryCode(userId: string, code: string): string {
  return crypto.hash("sha256", `${userId}:${normalizeRecoveryCode(code)}`, "hex");
}
