import { describe, expect, it } from "vitest";
import { DbLimiter } from "./db-limiter";
import { everyLimiter } from "./test-limiters";
import { reserve, usedOf } from "./reserve";

const t0 = Date.UTC(2026, 11, 1, 12, 0, 10);
const wide = { limit: 5, windowMs: 60_000 };
const narrow = { limit: 2, windowMs: 60_000 };

// Every implementation is held to the same contract.
describe.each(everyLimiter())("reserve with the %s limiter", (_, make) => {
  it("charges every check and release() gives it all back", async () => {
    const limiter = await make();
    const checks = [
      { key: `a-${Math.random()}`, rule: wide },
      { key: `b-${Math.random()}`, rule: narrow },
    ];
    const first = await reserve(limiter, checks, { now: t0 });
    expect(first.allowed).toBe(true);
    expect(usedOf(await limiter.peek(checks[0].key, wide, t0))).toBe(1);
    if (first.allowed) await first.release();
    expect(usedOf(await limiter.peek(checks[0].key, wide, t0))).toBe(0);
    expect(usedOf(await limiter.peek(checks[1].key, narrow, t0))).toBe(0);
  });

  it("on a refusal, returns what the earlier checks took and names the refusing check", async () => {
    const limiter = await make();
    const shared = { key: `shared-${Math.random()}`, rule: wide };
    const tight = { key: `tight-${Math.random()}`, rule: narrow };
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await reserve(limiter, [shared, tight], { now: t0 }));
    expect(outcomes.map((o) => o.allowed)).toEqual([true, true, false, false]);
    expect(outcomes[2]).toMatchObject({ allowed: false, check: tight, refused: { remaining: 0 } });
    // Only the two admitted reservations stay, on both counters.
    expect(usedOf(await limiter.peek(shared.key, wide, t0))).toBe(2);
    expect(usedOf(await limiter.peek(tight.key, narrow, t0))).toBe(2);
    expect((await limiter.peek(tight.key, narrow, t0)).allowed).toBe(true);
  });

  it("admits at most the limit among parallel reservations", async () => {
    const limiter = await make();
    const check = { key: `p-${Math.random()}`, rule: wide };
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => reserve(limiter, [check], { now: t0 })));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(5);
  });

  it("a release in a later window does not open the later window", async () => {
    const limiter = await make();
    const check = { key: `late-${Math.random()}`, rule: narrow };
    const held = await reserve(limiter, [check], { now: t0 });
    const later = t0 + 60_000;
    await reserve(limiter, [check], { now: later });
    await reserve(limiter, [check], { now: later });
    if (held.allowed) await held.release();
    expect((await limiter.peek(check.key, narrow, later)).remaining).toBe(0);
  });
});

describe("DbLimiter pruning", () => {
  it("with pruneEveryMs, deletes counters of ended windows in the background", async () => {
    const old = new DbLimiter();
    const longAgo = Date.now() - 10 * 60_000;
    await old.consume(`ended-${Math.random()}`, { limit: 5, windowMs: 60_000 }, 1, longAgo);
    const { db } = await import("../db");
    const ended = () => db.rateLimitCounter.count({ where: { expiresAt: { lte: BigInt(Date.now()) } } });
    expect(await ended()).toBeGreaterThan(0);

    const pruning = new DbLimiter({ pruneEveryMs: 60_000 });
    await pruning.consume(`live-${Math.random()}`, { limit: 5, windowMs: 60_000 });
    await expect.poll(ended).toBe(0);
  });
});
