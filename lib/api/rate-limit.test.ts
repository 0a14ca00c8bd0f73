import { afterEach, describe, expect, it } from "vitest";
import { FixedWindowLimiter, getVerifyLimiter, resetVerifyLimiter } from "./rate-limit";

describe("FixedWindowLimiter", () => {
  it("allows `limit` hits per key per UTC minute, then refuses until the next minute", () => {
    const limiter = new FixedWindowLimiter(3);
    const t0 = Date.UTC(2026, 10, 22, 12, 0, 5);
    expect([1, 2, 3, 4].map((i) => limiter.hit("a", t0 + i))).toEqual([true, true, true, false]);
    expect(limiter.hit("b", t0 + 10)).toBe(true);
    expect(limiter.retryAfterSeconds(t0 + 10)).toBe(55);
    expect(limiter.hit("a", Date.UTC(2026, 10, 22, 12, 1, 0))).toBe(true);
  });
});

describe("getVerifyLimiter", () => {
  afterEach(() => {
    delete process.env.VERIFY_RATE_LIMIT_PER_MINUTE;
    resetVerifyLimiter();
  });

  it("is off by default and on with VERIFY_RATE_LIMIT_PER_MINUTE", () => {
    resetVerifyLimiter();
    expect(getVerifyLimiter()).toBeNull();
    process.env.VERIFY_RATE_LIMIT_PER_MINUTE = "600";
    resetVerifyLimiter();
    expect(getVerifyLimiter()?.limit).toBe(600);
    process.env.VERIFY_RATE_LIMIT_PER_MINUTE = "nonsense";
    resetVerifyLimiter();
    expect(getVerifyLimiter()).toBeNull();
  });
});
