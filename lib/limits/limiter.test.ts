import { describe, expect, it } from "vitest";
import { everyLimiter } from "./test-limiters";
import { retryAfterSeconds } from "./limiter";

const rule = { limit: 3, windowMs: 60_000 };
const t0 = Date.UTC(2026, 11, 1, 12, 0, 10);

// Every implementation is held to the same contract.
describe.each(everyLimiter())("%s limiter", (_, make) => {
  it("admits up to the limit, then refuses until the window resets", async () => {
    const limiter = await make();
    const key = `k-${Math.random()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.consume(key, rule, 1, t0));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3].resetAt).toBe(Date.UTC(2026, 11, 1, 12, 1, 0));
    expect(retryAfterSeconds(results[3], t0)).toBe(50);
    expect((await limiter.consume(key, rule, 1, t0 + 50_000)).allowed).toBe(true);
  });

  it("counts parallel calls atomically", async () => {
    const limiter = await make();
    const key = `p-${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(key, rule, 1, t0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect((await limiter.peek(key, rule, t0)).remaining).toBe(0);
  });

  it("charges a cost larger than one", async () => {
    const limiter = await make();
    const key = `c-${Math.random()}`;
    expect((await limiter.consume(key, { limit: 10, windowMs: 1000 }, 7, t0)).remaining).toBe(3);
    expect((await limiter.consume(key, { limit: 10, windowMs: 1000 }, 7, t0)).allowed).toBe(false);
  });

  it("never counts below zero: a give-back larger than the count adds no allowance", async () => {
    const limiter = await make();
    const key = `z-${Math.random()}`;
    // A give-back with nothing charged (its charge went to another counter during an outage).
    expect((await limiter.consume(key, rule, -2, t0)).remaining).toBe(3);
    await limiter.consume(key, rule, 1, t0);
    expect((await limiter.consume(key, rule, -5, t0)).remaining).toBe(3);
    const allowed = [];
    for (let i = 0; i < 4; i++) allowed.push((await limiter.consume(key, rule, 1, t0)).allowed);
    expect(allowed).toEqual([true, true, true, false]);
    expect((await limiter.peek(key, rule, t0)).remaining).toBe(0);
  });
});
