import { describe, expect, it } from "vitest";
import { MemoryLimiter } from "../limits/memory-limiter";
import { chargeVerification, verifyRateLimit, verifyRateLimitFromEnv } from "./rate-limit";

describe("verifyRateLimit", () => {
  it("allows `limit` verifications per key per UTC minute, then refuses until the next minute", () => {
    const limit = verifyRateLimit(3);
    const t0 = Date.UTC(2026, 10, 22, 12, 0, 5);
    const charge = (key: string, now: number) => chargeVerification(limit, key, now) as ReturnType<MemoryLimiter["consumeSync"]>;
    expect([1, 2, 3, 4].map((i) => charge("a", t0 + i).allowed)).toEqual([true, true, true, false]);
    expect(charge("b", t0 + 10).allowed).toBe(true);
    expect(charge("a", t0 + 10).resetAt).toBe(Date.UTC(2026, 10, 22, 12, 1, 0));
    expect(charge("a", Date.UTC(2026, 10, 22, 12, 1, 0)).allowed).toBe(true);
  });

  it("answers synchronously with the in-process limiter and through the shared consume otherwise", async () => {
    const t0 = Date.UTC(2026, 10, 22, 12, 0, 5);
    expect(chargeVerification(verifyRateLimit(1), "k", t0)).not.toBeInstanceOf(Promise);
    // Only `consume`: what the Redis-backed hot-path limiter offers.
    const memory = new MemoryLimiter();
    const shared = verifyRateLimit(1, { consume: (...args) => memory.consume(...args) });
    const first = chargeVerification(shared, "k", t0);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).allowed).toBe(true);
    expect((await chargeVerification(shared, "k", t0)).allowed).toBe(false);
  });
});

describe("verifyRateLimitFromEnv", () => {
  it("is off when VERIFY_RATE_LIMIT_PER_MINUTE is unset, empty or 0", () => {
    expect(verifyRateLimitFromEnv({})).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "" })).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "0" })).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "600" })?.rule).toEqual({ limit: 600, windowMs: 60_000 });
  });

  it("refuses a value that is not a whole number, naming the variable, rather than turning the limit off", () => {
    for (const value of ["nonsense", "-5", "1.5", "10/min"]) {
      expect(() => verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: value })).toThrow(/VERIFY_RATE_LIMIT_PER_MINUTE must be a whole number/);
    }
  });
});
