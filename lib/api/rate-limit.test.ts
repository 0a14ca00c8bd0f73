import { describe, expect, it } from "vitest";
import { verifyRateLimit, verifyRateLimitFromEnv } from "./rate-limit";

describe("verifyRateLimit", () => {
  it("allows `limit` verifications per key per UTC minute, then refuses until the next minute", () => {
    const { limiter, rule } = verifyRateLimit(3);
    const t0 = Date.UTC(2026, 10, 22, 12, 0, 5);
    expect([1, 2, 3, 4].map((i) => limiter.consumeSync("a", rule, 1, t0 + i).allowed)).toEqual([true, true, true, false]);
    expect(limiter.consumeSync("b", rule, 1, t0 + 10).allowed).toBe(true);
    expect(limiter.consumeSync("a", rule, 1, t0 + 10).resetAt).toBe(Date.UTC(2026, 10, 22, 12, 1, 0));
    expect(limiter.consumeSync("a", rule, 1, Date.UTC(2026, 10, 22, 12, 1, 0)).allowed).toBe(true);
  });
});

describe("verifyRateLimitFromEnv", () => {
  it("is off unless VERIFY_RATE_LIMIT_PER_MINUTE is a positive number", () => {
    expect(verifyRateLimitFromEnv({})).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "nonsense" })).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "0" })).toBeNull();
    expect(verifyRateLimitFromEnv({ VERIFY_RATE_LIMIT_PER_MINUTE: "600" })?.rule).toEqual({ limit: 600, windowMs: 60_000 });
  });
});
