import { describe, expect, it } from "vitest";
import { generateKey, hashKey } from "../keys/format";
import { keyState, parseStoredDate, secretHash, type KeyRow } from "./key-lookup";

const now = Date.UTC(2026, 10, 22, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const row = (over: Partial<KeyRow> = {}): KeyRow => ({ id: "k", teamId: "t", name: "n", environment: "production", expiresAt: null, revokedAt: null, ...over });

describe("secretHash", () => {
  it("is the same digest the key service stores (hashKey)", () => {
    const key = generateKey("production");
    expect(secretHash(key)).toBe(hashKey(key));
  });
});

describe("parseStoredDate", () => {
  it("reads Prisma's SQLite text format, ISO Z strings and epoch ms", () => {
    expect(parseStoredDate("2026-11-22T12:00:00.000+00:00")).toBe(now);
    expect(parseStoredDate("2026-11-22T12:00:00.000Z")).toBe(now);
    expect(parseStoredDate(now)).toBe(now);
    expect(parseStoredDate(null)).toBeNull();
    expect(parseStoredDate("garbage")).toBeNull();
  });
});

describe("keyState", () => {
  it("is VALID without revocation or expiry", () => {
    expect(keyState(row(), now)).toBe("VALID");
  });

  it("is REVOKED from the revocation instant on, VALID before it (rotation overlap)", () => {
    expect(keyState(row({ revokedAt: iso(now + 1) }), now)).toBe("VALID");
    expect(keyState(row({ revokedAt: iso(now) }), now)).toBe("REVOKED");
    expect(keyState(row({ revokedAt: iso(now - 1) }), now)).toBe("REVOKED");
  });

  it("is EXPIRED from the expiry instant on", () => {
    expect(keyState(row({ expiresAt: iso(now + 1) }), now)).toBe("VALID");
    expect(keyState(row({ expiresAt: iso(now) }), now)).toBe("EXPIRED");
  });

  it("reports REVOKED when a key is both revoked and expired", () => {
    expect(keyState(row({ expiresAt: iso(now - 10), revokedAt: iso(now - 5) }), now)).toBe("REVOKED");
  });
});
