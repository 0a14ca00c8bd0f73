import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../db-url";
import { githubKeyringFromEnv, verifyGithubSignature } from "./github-signature";

const pem = (key: crypto.KeyObject) => key.export({ type: "spki", format: "pem" }) as string;
const doc = (keys: { key_identifier: string; key: string }[]) => ({ GITHUB_SECRET_SCANNING_KEYS: JSON.stringify({ public_keys: keys }) });

describe("GITHUB_SECRET_SCANNING_KEYS", () => {
  it("is empty when unset and stops the start when malformed or not P-256", () => {
    expect(githubKeyringFromEnv({}).size).toBe(0);
    expect(() => githubKeyringFromEnv({ GITHUB_SECRET_SCANNING_KEYS: "{nope" })).toThrow(ConfigError);
    expect(() => githubKeyringFromEnv({ GITHUB_SECRET_SCANNING_KEYS: "[]" })).toThrow(ConfigError);
    expect(() => githubKeyringFromEnv(doc([{ key_identifier: "a", key: "not pem" }]))).toThrow(/not a PEM public key \(a\)/);
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    expect(() => githubKeyringFromEnv(doc([{ key_identifier: "r", key: pem(rsa) }]))).toThrow(/not ECDSA P-256 \(r\)/);
    const p384 = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey;
    expect(() => githubKeyringFromEnv(doc([{ key_identifier: "p", key: pem(p384) }]))).toThrow(ConfigError);
  });

  it("verifies a signature with the key it names, and with no other", () => {
    const one = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const two = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ring = githubKeyringFromEnv(doc([{ key_identifier: "one", key: pem(one.publicKey) }, { key_identifier: "two", key: pem(two.publicKey) }]));
    const body = Buffer.from('[{"token":"x","type":"t","url":"u","source":"s"}]');
    const signature = crypto.sign("sha256", body, { key: one.privateKey, dsaEncoding: "der" }).toString("base64");
    expect(verifyGithubSignature(ring, "one", signature, body)).toBe(true);
    expect(verifyGithubSignature(ring, "two", signature, body)).toBe(false);
    expect(verifyGithubSignature(ring, "three", signature, body)).toBe(false);
    expect(verifyGithubSignature(ring, "one", signature, Buffer.concat([body, Buffer.from(" ")]))).toBe(false);
    expect(verifyGithubSignature(ring, "one", "AAAA", body)).toBe(false);
  });
});
