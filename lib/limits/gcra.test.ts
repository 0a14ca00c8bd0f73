/**
 * GCRA: boundaries on the memory limiter, and property tests (fast-check) of
 * the memory and Redis limiters against a plain token bucket in exact integer
 * arithmetic: the same admit/refuse decision and remaining count at every
 * step, to the millisecond in retryAfterMs and resetAt, for any whole limit and
 * period and random sequences of time advances, takes and settlements.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import type { GcraLimiter, GcraRule } from "./gcra";
import { MemoryGcraLimiter } from "./gcra-memory";
import { FallbackGcraLimiter, RedisGcraLimiter } from "./gcra-redis";
import { ReferenceBucket } from "./gcra-reference";

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 11, 1, 12, 0, 59, 500);
const rpm5: GcraRule = { limit: 5, periodMs: MINUTE };

const take = async (l: GcraLimiter, key: string, rule: GcraRule, cost: number, now: number) => (await l.takeAll([{ key, rule, cost }], now))[0];

describe("MemoryGcraLimiter boundaries", () => {
  it("admits exactly the limit at once, then one per emission interval, with no reset at the minute boundary", async () => {
    const l = new MemoryGcraLimiter();
    for (let i = 0; i < 5; i++) expect((await take(l, "k", rpm5, 1, t0)).remaining).toBe(4 - i);
    const sixth = await take(l, "k", rpm5, 1, t0);
    expect(sixth).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 12_000 });
    expect((await take(l, "k", rpm5, 1, t0 + 1000)).allowed).toBe(false); // t0 + 1 s is the next UTC minute
    expect((await take(l, "k", rpm5, 1, t0 + 11_999)).allowed).toBe(false);
    expect((await take(l, "k", rpm5, 1, t0 + 12_000)).allowed).toBe(true);
    expect((await take(l, "k", rpm5, 1, t0 + 12_000)).allowed).toBe(false);
  });

  it("says when the bucket is full again and refills to the limit, never above it", async () => {
    const l = new MemoryGcraLimiter();
    const first = await take(l, "k", rpm5, 2, t0);
    expect(first.resetAt).toBe(t0 + 24_000);
    const later = await take(l, "k", rpm5, 0, t0 + 10 * MINUTE);
    expect(later).toMatchObject({ allowed: true, remaining: 5, resetAt: t0 + 10 * MINUTE });
  });

  it("never admits a cost above the whole limit, and says it never will", async () => {
    const l = new MemoryGcraLimiter();
    expect(await take(l, "k", rpm5, 6, t0)).toMatchObject({ allowed: false, retryAfterMs: Infinity, remaining: 5 });
    expect((await take(l, "k", rpm5, 5, t0)).allowed).toBe(true);
  });

  it("stays exact at the largest limits a policy allows (10^9 tokens a minute: one token every 60 ns)", async () => {
    const l = new MemoryGcraLimiter();
    const huge = { limit: 1_000_000_000, periodMs: MINUTE };
    expect((await take(l, "h", huge, 1, t0)).remaining).toBe(999_999_999);
    expect((await take(l, "h", huge, 999_999_999, t0)).remaining).toBe(0);
    expect((await take(l, "h", huge, 1, t0)).allowed).toBe(false);
    expect((await take(l, "h", huge, 20_000, t0 + 1)).allowed).toBe(false); // 1 ms refills 16,666 tokens
    expect((await take(l, "h", huge, 16_000, t0 + 1)).allowed).toBe(true);
  });

  it("is all or nothing across buckets: a refusal by one takes from none", async () => {
    const l = new MemoryGcraLimiter();
    const key = { key: "key", rule: { limit: 10, periodMs: MINUTE }, cost: 1 };
    const team = { key: "team", rule: { limit: 1, periodMs: MINUTE }, cost: 1 };
    expect((await l.takeAll([key, team], t0)).map((r) => r.allowed)).toEqual([true, true]);
    const refused = await l.takeAll([key, team], t0);
    expect(refused.map((r) => r.allowed)).toEqual([false, false]);
    expect(refused[0].remaining).toBe(9);
    expect((await take(l, "key", key.rule, 0, t0)).remaining).toBe(9);
  });

  it("settles into debt (later requests wait for it) and gives back no more than a full bucket", async () => {
    const l = new MemoryGcraLimiter();
    const tpm: GcraRule = { limit: 1000, periodMs: MINUTE };
    await l.settle("t", tpm, 3000, t0);
    // 3,000 tokens on a 1,000/min bucket: 2,000 over, so 2 minutes until the next token fits.
    expect(await take(l, "t", tpm, 1, t0)).toMatchObject({ allowed: false, retryAfterMs: 120_060 });
    expect((await take(l, "t", tpm, 1, t0 + 120_060)).allowed).toBe(true);
    await l.settle("t", tpm, -1_000_000, t0 + 120_060);
    expect((await take(l, "t", tpm, 0, t0 + 120_060)).remaining).toBe(1000);
  });
});

type Op = { advance: number } & ({ kind: "take"; cost: number } | { kind: "settle"; delta: number });

// Any whole limit and period: small limits (every boundary matters), ones that do not divide the period, and policy-sized ones.
const rules = fc.record({
  limit: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 100_000 }), fc.constantFrom(7, 13, 997, 1_000_000_000)),
  periodMs: fc.oneof(fc.constant(MINUTE), fc.integer({ min: 1000, max: 3_600_000 })),
});
const limits = fc.integer({ min: 1, max: 200 });
const ops = (limit: number) =>
  fc.array(
    fc.oneof(
      fc.record({ advance: fc.integer({ min: 0, max: 20_000 }), kind: fc.constant("take" as const), cost: fc.integer({ min: 0, max: limit + 1 }) }),
      fc.record({ advance: fc.integer({ min: 0, max: 20_000 }), kind: fc.constant("settle" as const), delta: fc.integer({ min: -limit, max: 2 * limit }) }),
    ),
    { minLength: 1, maxLength: 40 },
  );

async function agreesWithReference(make: () => GcraLimiter, runs: number) {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(rules.chain((rule) => fc.tuple(fc.constant(rule), ops(rule.limit))), async ([rule, sequence]) => {
      const key = `prop-${run++}-${Math.random()}`;
      const limiter = make();
      let now = t0;
      const reference = new ReferenceBucket(rule.limit, rule.periodMs, now);
      for (const op of sequence) {
        now += op.advance;
        if (op.kind === "settle") {
          await limiter.settle(key, rule, op.delta, now);
          reference.settle(op.delta, now);
          continue;
        }
        const got = await take(limiter, key, rule, op.cost, now);
        const want = reference.take(op.cost, now);
        expect({ allowed: got.allowed, remaining: got.remaining, retryAfterMs: got.retryAfterMs, resetAt: got.resetAt }).toEqual(want);
      }
    }),
    { numRuns: runs },
  );
}

describe("GCRA against a reference token bucket (fast-check)", () => {
  it("memory: the same decisions and remaining counts", async () => {
    await agreesWithReference(() => new MemoryGcraLimiter(), 300);
  });

  it("over any window of one period, admits at most twice the limit (a full burst plus one period's refill), and never refuses a client that paces itself", async () => {
    await fc.assert(
      fc.asyncProperty(limits, fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 200 }), async (limit, gaps) => {
        const rule = { limit, periodMs: MINUTE };
        const l = new MemoryGcraLimiter();
        let now = t0;
        const admitted: number[] = [];
        for (const gap of gaps) {
          now += gap;
          if ((await take(l, "w", rule, 1, now)).allowed) admitted.push(now);
        }
        for (let i = 0; i < admitted.length; i++) {
          const inWindow = admitted.filter((t) => t >= admitted[i] && t < admitted[i] + MINUTE).length;
          expect(inWindow).toBeLessThanOrEqual(2 * limit);
        }
        const paced = new MemoryGcraLimiter();
        for (let i = 0; i < 3 * limit; i++) expect((await take(paced, "p", rule, 1, t0 + i * Math.ceil(MINUTE / limit))).allowed).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("RedisGcraLimiter (a real redis-server)", () => {
  let redis: TestRedis;
  const opened: RedisGcraLimiter[] = [];
  const redisLimiter = () => {
    const l = new RedisGcraLimiter(redis.url);
    opened.push(l);
    return l;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
    await redis?.stop();
  });

  it("the same decisions and remaining counts as the reference", async () => {
    const shared = redisLimiter();
    await shared.connect();
    await agreesWithReference(() => shared, 60);
  });

  it("counts once for two replicas: five at once across both, then refused on either", async () => {
    const [a, b] = [redisLimiter(), redisLimiter()];
    await Promise.all([a.connect(), b.connect()]);
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => take(i % 2 ? b : a, "two-replicas", rpm5, 1, now)));
    expect(answers.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("counts in memory while Redis is unreachable, instead of refusing or opening the limit", async () => {
    const down = new RedisGcraLimiter("redis://127.0.0.1:1");
    opened.push(down);
    const l = new FallbackGcraLimiter(down, new MemoryGcraLimiter(), 60_000);
    const now = Date.now();
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await take(l, "outage", rpm5, 1, now)).allowed);
    expect(codes).toEqual([true, true, true, true, true, false]);
    expect(l.failures).toBe(1);
  });
});
