import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";
import { seal, unseal, UnsealError } from "./seal";

const KEY = "a server secret for the sealing tests";

describe("sealing (AES-256-GCM, key from the server secret)", () => {
  it("round-trips, with a fresh IV each time, and never contains the plaintext", () => {
    const a = seal("JBSWY3DPEHPK3PXP", "totp:user-1", KEY);
    const b = seal("JBSWY3DPEHPK3PXP", "totp:user-1", KEY);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(unseal(a, "totp:user-1", KEY)).toBe("JBSWY3DPEHPK3PXP");
    expect(unseal(b, "totp:user-1", KEY)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("detects any change to the sealed value", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", "totp:user-1", KEY);
    const raw = Buffer.from(sealed.slice(3), "base64url");
    for (const at of [0, 12, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[at] ^= 1;
      expect(() => unseal(`v1.${flipped.toString("base64url")}`, "totp:user-1", KEY)).toThrow(UnsealError);
    }
    expect(() => unseal(sealed.slice(0, -4), "totp:user-1", KEY)).toThrow(UnsealError);
    expect(() => unseal(`v2${sealed.slice(2)}`, "totp:user-1", KEY)).toThrow(UnsealError);
    expect(() => unseal("v1.", "totp:user-1", KEY)).toThrow(UnsealError);
    expect(() => unseal("not sealed at all", "totp:user-1", KEY)).toThrow(UnsealError);
  });

  it("opens only in its own context and under its own key", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", "totp:user-1", KEY);
    // Copied into another user's row, or presented as a setup token: refused.
    expect(() => unseal(sealed, "totp:user-2", KEY)).toThrow(UnsealError);
    expect(() => unseal(sealed, "totp-setup:user-1", KEY)).toThrow(UnsealError);
    // After the server secret changes, nothing sealed before opens.
    expect(() => unseal(sealed, "totp:user-1", "another server secret")).toThrow(UnsealError);
  });
});

describe("recovery codes", () => {
  it("are ten distinct xxxxx-xxxxx codes of an alphabet without look-alikes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it("are read as typed: any case, without the dash, with O for 0 and I or L for 1", () => {
    expect(normalizeRecoveryCode(" AB0C1-DE1FG ")).toBe("ab0c1de1fg");
    expect(normalizeRecoveryCode("abOcI-dELfg")).toBe("ab0c1de1fg");
    expect(hashRecoveryCode("u1", "ABOCI DELFG")).toBe(hashRecoveryCode("u1", "ab0c1-de1fg"));
    expect(looksLikeRecoveryCode("123456")).toBe(false);
    expect(looksLikeRecoveryCode("abcde-fghju")).toBe(false);
  });

  it("are stored as SHA-256 hashes salted with the user id", () => {
    const hash = hashRecoveryCode("u1", "ab0c1-de1fg");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("ab0c1");
    expect(hashRecoveryCode("u2", "ab0c1-de1fg")).not.toBe(hash);
  });
});
