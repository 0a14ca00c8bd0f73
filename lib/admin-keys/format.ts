import { checksumOf, CHECKSUM_LENGTH, hashKey, randomBase62, RANDOM_LENGTH } from "../keys/format";

/**
 * Admin key format: `gk_admin_`, 40 random base62 characters and a 6-character
 * base62 CRC-32 of everything before it: the scheme of API keys (lib/keys/format.ts),
 * with a prefix of its own so a leaked admin key is told apart at a glance, and an
 * admin key sent to the verify API or the gateway is refused without a lookup.
 */
export const ADMIN_KEY_PREFIX = "gk_admin_";
const ADMIN_KEY_PATTERN = new RegExp(`^${ADMIN_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH}}([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

export function generateAdminKey(): string {
  const head = ADMIN_KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  return head + checksumOf(head);
}

/** True only for a well-formed admin key with a correct checksum. */
export function looksLikeAdminKey(value: string): boolean {
  const match = ADMIN_KEY_PATTERN.exec(value);
  return match !== null && checksumOf(value.slice(0, value.length - CHECKSUM_LENGTH)) === match[1];
}

/** SHA-256 hex, as stored in AdminKey.hash (the key has ~238 random bits: no slow hash needed). */
export function hashAdminKey(key: string): string {
  return hashKey(key);
}

/** What the console may show of an admin key: its prefix plus four characters, and the last four. */
export function visibleParts(key: string): { prefix: string; last4: string } {
  return { prefix: key.slice(0, ADMIN_KEY_PREFIX.length + 4), last4: key.slice(-4) };
}
