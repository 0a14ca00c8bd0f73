/**
 * GitHub's secret-scanning signature: GitHub signs each report with an ECDSA P-256
 * key (SHA-256, the signature base64 DER) and names the key in
 * `Github-Public-Key-Identifier`; the public keys are published at
 * https://api.github.com/meta/public_keys/secret_scanning. This install does not
 * fetch them (nothing may call out unasked): the operator copies that document into
 * GITHUB_SECRET_SCANNING_KEYS and updates it when GitHub rotates (docs/leaked-keys.md).
 */
import crypto from "node:crypto";
import { z } from "zod";
import { ConfigError } from "../db-url";

type Env = Readonly<Record<string, string | undefined>>;

/** Public keys by identifier; empty when the operator configured none (only service tokens are then accepted). */
export type GithubKeyring = ReadonlyMap<string, crypto.KeyObject>;

const documentSchema = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean().optional() })),
});

/** GITHUB_SECRET_SCANNING_KEYS as a keyring; a malformed document or key stops the start (ConfigError). */
export function githubKeyringFromEnv(env: Env): GithubKeyring {
  const raw = env.GITHUB_SECRET_SCANNING_KEYS?.trim();
  if (!raw) return new Map();
  const fail = (why: string) => new ConfigError(`GITHUB_SECRET_SCANNING_KEYS ${why} (copy the JSON of https://api.github.com/meta/public_keys/secret_scanning)`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw fail("is not JSON");
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) throw fail('must be {"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----…"}]}');
  const ring = new Map<string, crypto.KeyObject>();
  for (const { key_identifier, key } of parsed.data.public_keys) {
    let object: crypto.KeyObject;
    try {
      object = crypto.createPublicKey(key);
    } catch {
      throw fail(`has a key that is not a PEM public key (${key_identifier})`);
    }
    if (object.asymmetricKeyType !== "ec" || object.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
      throw fail(`has a key that is not ECDSA P-256 (${key_identifier})`);
    }
    ring.set(key_identifier, object);
  }
  return ring;
}

export const GITHUB_KEY_ID_HEADER = "github-public-key-identifier";
export const GITHUB_SIGNATURE_HEADER = "github-public-key-signature";

/** Whether `signature` (base64 DER) over `body` verifies with the configured key named `identifier`. */
export function verifyGithubSignature(ring: GithubKeyring, identifier: string, signature: string, body: Buffer): boolean {
  const key = ring.get(identifier);
  if (!key || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length > 200) return false;
  try {
    return crypto.verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
