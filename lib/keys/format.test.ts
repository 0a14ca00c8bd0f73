import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { CHECKSUM_LENGTH, generateKey, hashKey, parseKey, RANDOM_LENGTH, visibleParts } from "./format";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe("generateKey", () => {
  it("uses gk_live_ for production and gk_test_ for development", () => {
    expect(generateKey("production")).toMatch(/^gk_live_[0-9A-Za-z]{46}$/);
    expect(generateKey("development")).toMatch(/^gk_test_[0-9A-Za-z]{46}$/);
    expect(generateKey("production")).toHaveLength(8 + RANDOM_LENGTH + CHECKSUM_LENGTH);
  });

  it("parses back to its own environment", () => {
    expect(parseKey(generateKey("production"))).toEqual({ environment: "production" });
    expect(parseKey(generateKey("development"))).toEqual({ environment: "development" });
  });

  it("never repeats itself over 1000 keys", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateKey("development")));
    expect(keys.size).toBe(1000);
    // Loose sanity check on the random part: every base62 symbol shows up.
    const symbols = new Set([...keys].flatMap((k) => [...k.slice(8, 8 + RANDOM_LENGTH)]));
    expect(symbols.size).toBe(62);
  });
});

describe("parseKey", () => {
  it("rejects every single-character change, anywhere in the key", () => {
    const key = generateKey("production");
    let accepted = 0;
    for (let i = 0; i < key.length; i++) {
      for (const c of BASE62 + "_") {
        if (c === key[i]) continue;
        const changed = key.slice(0, i) + c + key.slice(i + 1);
        // Swapping live<->test in the prefix must not yield a valid key of the other environment either.
        if (parseKey(changed) !== null) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it("rejects wrong length, wrong prefix and garbage", () => {
    const key = generateKey("development");
    expect(parseKey(key.slice(0, -1))).toBeNull();
    expect(parseKey(key + "a")).toBeNull();
    expect(parseKey("gk_prod_" + key.slice(8))).toBeNull();
    expect(parseKey("sk_test_" + key.slice(8))).toBeNull();
    expect(parseKey(key.replace("gk_test_", "GK_TEST_"))).toBeNull();
    expect(parseKey(` ${key}`)).toBeNull();
    expect(parseKey("")).toBeNull();
    expect(parseKey("gk_test_")).toBeNull();
  });

  it("rejects a key whose body is well-formed but checksum belongs to another key", () => {
    const a = generateKey("production");
    const b = generateKey("production");
    expect(parseKey(a.slice(0, -CHECKSUM_LENGTH) + b.slice(-CHECKSUM_LENGTH))).toBeNull();
  });
});

describe("hashKey", () => {
  it("is the sha256 hex digest and never the key itself", () => {
    const key = generateKey("production");
    const hash = hashKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(crypto.createHash("sha256").update(key).digest("hex"));
    expect(hash).not.toBe(key);
    expect(hash).not.toContain(key.slice(8));
    expect(hashKey(key)).toBe(hash);
    expect(hashKey(generateKey("production"))).not.toBe(hash);
  });
});

describe("visibleParts", () => {
  it("shows the first 12 characters and the last 4, nothing more", () => {
    const key = generateKey("production");
    const { prefix, last4 } = visibleParts(key);
    expect(prefix).toBe(key.slice(0, 12));
    expect(prefix.startsWith("gk_live_")).toBe(true);
    expect(last4).toBe(key.slice(-4));
    expect(prefix.length + last4.length).toBeLessThan(key.length / 2);
  });
});
