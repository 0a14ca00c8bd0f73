import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, generateTotpSecret, groupSecret, hotp, matchTotp, otpauthUri, totpCode, totpStep } from "./totp";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", codes are 8 digits.
const RFC_SEED = Buffer.from("12345678901234567890", "ascii");
const RFC_SECRET = base32Encode(RFC_SEED);

describe("TOTP (RFC 6238, SHA-1)", () => {
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("at T = %i s the code is %s", (seconds, expected) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(expected);
    // The six-digit code an app shows is the last six digits of the same truncation.
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(expected.slice(2));
  });

  it("computes RFC 4226's HOTP test values", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected);
  });

  it("reads and writes base32 as apps do (RFC 4648, no padding, any case, spaces ignored)", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Decode("mzxw 6ytb oi").toString()).toBe("foobar");
    expect(base32Decode("MZXW6YTBOI======").toString()).toBe("foobar");
    expect(() => base32Decode("not base32!")).toThrow();
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(groupSecret(secret).split(" ")).toHaveLength(8);
    expect(base32Decode(groupSecret(secret)).equals(base32Decode(secret))).toBe(true);
  });

  it("builds the otpauth:// URI an authenticator app reads", () => {
    const uri = otpauthUri("JBSWY3DPEHPK3PXP", "ada@example.test");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gatehouse:ada%40example\.test\?/);
    const params = new URL(uri).searchParams;
    expect(Object.fromEntries(params)).toEqual({ secret: "JBSWY3DPEHPK3PXP", issuer: "Gatehouse" });
  });
});

describe("matching a typed code", () => {
  // A fixed secret and clock, so the codes (and that no two nearby steps share one) are the same every run.
  const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const now = Date.UTC(2026, 11, 2, 12, 0, 10);
  const step = totpStep(now);
  const codeAt = (s: number) => hotp(base32Decode(secret), s);

  it("accepts the current step and one step either side, and refuses two steps away", () => {
    expect(matchTotp(secret, codeAt(step), { nowMs: now })).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), { nowMs: now })).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), { nowMs: now })).toBe(step + 1);
    expect(new Set([-2, -1, 0, 1, 2].map((d) => codeAt(step + d))).size).toBe(5);
    expect(matchTotp(secret, codeAt(step - 2), { nowMs: now })).toBeNull();
    expect(matchTotp(secret, codeAt(step + 2), { nowMs: now })).toBeNull();
    // The window moves with the clock: 30 s later this step is the previous one, and the one before it is out of reach.
    expect(matchTotp(secret, codeAt(step), { nowMs: now + 30_000 })).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), { nowMs: now + 30_000 })).toBeNull();
  });

  it("never accepts a step at or before the last one accepted", () => {
    expect(matchTotp(secret, codeAt(step), { nowMs: now, lastStep: step })).toBeNull();
    expect(matchTotp(secret, codeAt(step - 1), { nowMs: now, lastStep: step - 1 })).toBeNull();
    expect(matchTotp(secret, codeAt(step), { nowMs: now, lastStep: step - 1 })).toBe(step);
    // The next step's code still works once the current one was used.
    expect(matchTotp(secret, codeAt(step + 1), { nowMs: now, lastStep: step })).toBe(step + 1);
  });

  it("takes codes with the spaces apps show, and refuses anything that is not six digits", () => {
    const code = codeAt(step);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { nowMs: now })).toBe(step);
    expect(matchTotp(secret, code.slice(0, 5), { nowMs: now })).toBeNull();
    expect(matchTotp(secret, `${code}0`, { nowMs: now })).toBeNull();
    expect(matchTotp(secret, "abcdef", { nowMs: now })).toBeNull();
    expect(matchTotp(secret, "", { nowMs: now })).toBeNull();
  });

  it("refuses another secret's code", () => {
    const code = totpCode(RFC_SECRET, now);
    expect([step - 1, step, step + 1].map(codeAt)).not.toContain(code);
    expect(matchTotp(secret, code, { nowMs: now })).toBeNull();
  });
});
