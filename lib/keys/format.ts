import crypto from "node:crypto";
import { ENVIRONMENTS, type Environment } from "./constants";

/**
 * Key format: gk_live_… (production) or gk_test_… (development), then 40
 * random base62 characters (~238 bits) and a 6-character base62 CRC-32 of
 * everything before it. The checksum lets the verify API reject typos and
 * garbage without touching the database, and lets secret scanners recognise
 * a leaked key with few false positives.
 */
export { ENVIRONMENTS, type Environment };

const PREFIX: Record<Environment, string> = { production: "gk_live_", development: "gk_test_" };
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const RANDOM_LENGTH = 40;
export const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = /^gk_(live|test)_([0-9A-Za-z]{40})([0-9A-Za-z]{6})$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function checksumOf(head: string): string {
  return toBase62(crc32(head), CHECKSUM_LENGTH);
}

/** Uniform random base62 text (also for service tokens, lib/operator/service-token-format.ts). */
export function randomBase62(length: number): string {
  let out = "";
  // Rejection sampling: bytes >= 248 would bias the first 248 % 62 symbols.
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateKey(environment: Environment): string {
  const head = PREFIX[environment] + randomBase62(RANDOM_LENGTH);
  return head + checksumOf(head);
}

export type ParsedKey = { environment: Environment };

/** Null unless the string is a well-formed key with a correct checksum. */
export function parseKey(key: string): ParsedKey | null {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  if (checksumOf(key.slice(0, key.length - CHECKSUM_LENGTH)) !== match[3]) return null;
  return { environment: match[1] === "live" ? "production" : "development" };
}

export function hashKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

/** What the console may show of a key: its prefix plus four characters, and the last four. */
export function visibleParts(key: string): { prefix: string; last4: string } {
  return { prefix: key.slice(0, 12), last4: key.slice(-4) };
}
