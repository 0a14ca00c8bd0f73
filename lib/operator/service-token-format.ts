import { checksumOf, hashKey, randomBase62 } from "../keys/format";

/**
 * Service tokens: `gks_`, 40 random base62 characters (~238 bits) and a
 * 6-character base62 CRC-32 of everything before it, like API keys
 * (lib/keys/format.ts), so a typo or garbage is refused without a lookup and a
 * leaked token is recognisable. Only the SHA-256 hash is stored.
 */
export const SERVICE_TOKEN_PREFIX = "gks_";
const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = /^gks_[0-9A-Za-z]{46}$/;

export function generateServiceToken(): string {
  const head = SERVICE_TOKEN_PREFIX + randomBase62(RANDOM_LENGTH);
  return head + checksumOf(head);
}

/** Null unless `text` is a well-formed service token with a correct checksum. No database. */
export function parseServiceToken(text: string): { token: string } | null {
  if (typeof text !== "string" || !TOKEN_PATTERN.test(text)) return null;
  const head = text.slice(0, -CHECKSUM_LENGTH);
  return checksumOf(head) === text.slice(-CHECKSUM_LENGTH) ? { token: text } : null;
}

/** The same SHA-256 hex digest as API keys. */
export function hashServiceToken(secret: string): string {
  return hashKey(secret);
}

/** What the console shows of a token: `gks_` plus four characters, and the last four. */
export function visibleTokenParts(secret: string): { prefix: string; last4: string } {
  return { prefix: secret.slice(0, 8), last4: secret.slice(-4) };
}
