/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), the way
 * every authenticator app computes them: HMAC-SHA-1, 6 digits, 30-second
 * steps. Pure functions of the secret and the clock; nothing here reads the
 * database. Safe to import from tests and scripts (the e2e specs compute codes
 * with it from the secret the page shows).
 */
import crypto from "node:crypto";

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_S = 30;
/** Steps either side of the current one that are still accepted (clock drift, a code typed as it changes). */
export const TOTP_WINDOW = 1;
/** 160 bits, RFC 4226's recommended length for HMAC-SHA-1. */
export const TOTP_SECRET_BYTES = 20;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding: what otpauth:// URIs and authenticator apps use. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Reads base32 as people type it: any case, spaces, dashes and padding ignored. Throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error("Not base32.");
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random secret, base32. */
export function generateTotpSecret(): string {
  return base32Encode(crypto.randomBytes(TOTP_SECRET_BYTES));
}

/** "JBSW Y3DP EHPK 3PXP …": the secret as it is shown for typing into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}

/** RFC 4226 HOTP: HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The time step of an instant (epoch ms). */
export function totpStep(nowMs: number, periodS = TOTP_PERIOD_S): number {
  return Math.floor(nowMs / 1000 / periodS);
}

/** The code an app shows at `nowMs` for a base32 secret. */
export function totpCode(secret: string, nowMs = Date.now(), digits = TOTP_DIGITS): string {
  return hotp(base32Decode(secret), totpStep(nowMs), digits);
}

/** Whether `text` has the shape of an authenticator code (spaces allowed, as apps show "123 456"). */
export function looksLikeTotpCode(text: string): boolean {
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(text.replace(/\s/g, ""));
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The step a code belongs to, or null. Accepts the current step and
 * TOTP_WINDOW steps either side, but never a step at or before `lastStep`
 * (the last one accepted for this account): a code, even one seen over a
 * shoulder or phished, works once.
 */
export function matchTotp(secret: string, code: string, { nowMs = Date.now(), lastStep = null as number | null, window = TOTP_WINDOW } = {}): number | null {
  const typed = code.replace(/\s/g, "");
  if (!looksLikeTotpCode(typed)) return null;
  const key = base32Decode(secret);
  const current = totpStep(nowMs);
  for (let step = current - window; step <= current + window; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    if (sameCode(hotp(key, step), typed)) return step;
  }
  return null;
}

/** The otpauth:// URI an app reads from the QR code. */
export function otpauthUri(secret: string, email: string, issuer = "Gatehouse"): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(email)}`;
  // SHA-1, 6 digits and 30 s are the defaults every app assumes; leaving them out keeps the QR code small.
  const params = new URLSearchParams({ secret, issuer });
  return `otpauth://totp/${label}?${params.toString()}`;
}
