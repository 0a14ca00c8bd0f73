import { describe, expect, it } from "vitest";
import { generateKey, hashKey } from "../keys/format";
import { keyStatus, keyWorks } from "../keys/status";
import { keyState, secretHash, type KeyRow } from "./key-lookup";

const now = Date.UTC(2026, 10, 22, 12, 0, 0);
const row = (over: Partial<KeyRow> = {}): KeyRow => ({
  id: "k",
  teamId: "t",
  name: "n",
  environment: "production",
  createdById: null,
  expiresAt: null,
  revokedAt: null,
  policy: { allowedModels: null, rpm: null, tpm: null, budgetMicros: null, ipAllowlist: [] },
  team: { suspended: false, rpm: null, tpm: null, spendCapMicros: null, budgetMicros: null },
  spend: { period: "2026-11", keyMicros: 0, teamMicros: 0 },
  ...over,
});

describe("secretHash", () => {
  it("is the same digest the key service stores (hashKey)", () => {
    const key = generateKey("production");
    expect(secretHash(key)).toBe(hashKey(key));
  });
});

describe("keyState", () => {
  it("is VALID without revocation or expiry", () => {
    expect(keyState(row(), now)).toBe("VALID");
  });

  it("is REVOKED from the revocation instant on, VALID before it (rotation overlap)", () => {
    expect(keyState(row({ revokedAt: now + 1 }), now)).toBe("VALID");
    expect(keyState(row({ revokedAt: now }), now)).toBe("REVOKED");
    expect(keyState(row({ revokedAt: now - 1 }), now)).toBe("REVOKED");
  });

  it("is EXPIRED from the expiry instant on", () => {
    expect(keyState(row({ expiresAt: now + 1 }), now)).toBe("VALID");
    expect(keyState(row({ expiresAt: now }), now)).toBe("EXPIRED");
  });

  it("reports REVOKED when a key is both revoked and expired", () => {
    expect(keyState(row({ expiresAt: now - 10, revokedAt: now - 5 }), now)).toBe("REVOKED");
  });

  it("agrees with the console's keyStatus on every combination of revocation and expiry", () => {
    const times = [null, now - 1, now, now + 1];
    for (const revokedAt of times) {
      for (const expiresAt of times) {
        const status = keyStatus({ revokedAt: revokedAt === null ? null : new Date(revokedAt), expiresAt: expiresAt === null ? null : new Date(expiresAt) }, new Date(now));
        const expected = status === "revoked" ? "REVOKED" : status === "expired" ? "EXPIRED" : "VALID";
        expect(keyState(row({ revokedAt, expiresAt }), now), `revokedAt ${revokedAt}, expiresAt ${expiresAt}`).toBe(expected);
        expect(keyState(row({ revokedAt, expiresAt }), now) === "VALID").toBe(keyWorks({ revokedAt: revokedAt === null ? null : new Date(revokedAt), expiresAt: expiresAt === null ? null : new Date(expiresAt) }, new Date(now)));
      }
    }
  });
});
