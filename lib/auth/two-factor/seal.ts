/**
 * Sealing (authenticated encryption) for what must be read back, unlike
 * passwords and tokens, which are only hashed: the TOTP secret, and the
 * pending secret handed to the browser during setup.
 *
 * AES-256-GCM under a key derived (HKDF-SHA-256) from the server's session
 * secret, so nothing new has to be configured or kept. Each value is bound to
 * a context (e.g. "totp:<userId>") as additional authenticated data: a sealed
 * secret copied into another user's row, or a setup token replayed as a
 * stored secret, fails to open.
 *
 * Changing NEXTAUTH_SECRET (or deleting ./data/session-secret) makes every
 * sealed secret unreadable: those users sign in with a recovery code and set
 * two-factor up again (README, decisions).
 */
import crypto from "node:crypto";
import { sessionSecret } from "../secret";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new Map<string, Buffer>();

function keyFor(serverSecret: string): Buffer {
  let key = keys.get(serverSecret);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", serverSecret, "gatehouse", "gatehouse two-factor sealing v1", 32));
    keys.set(serverSecret, key);
  }
  return key;
}

/** "v1.<base64url of iv | ciphertext | tag>" */
export function seal(plaintext: string, context: string, serverSecret = sessionSecret()): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(serverSecret), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

export class UnsealError extends Error {
  constructor() {
    super("The sealed value could not be opened (tampered with, another context, or sealed under another server secret).");
    this.name = "UnsealError";
  }
}

/** The plaintext of `sealed`; throws UnsealError when it was altered, belongs to another context or another key. */
export function unseal(sealed: string, context: string, serverSecret = sessionSecret()): string {
  const [version, payload, extra] = sealed.split(".");
  if (version !== VERSION || !payload || extra !== undefined) throw new UnsealError();
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new UnsealError();
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(serverSecret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError();
  }
}

/** The context a user's stored TOTP secret is sealed under. */
export const storedSecretContext = (userId: string) => `totp:${userId}`;
