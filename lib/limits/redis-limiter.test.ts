import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { RedisLimiter } from "./redis-limiter";

let redis: TestRedis;
const limiters: RedisLimiter[] = [];
const t0 = Date.UTC(2026, 11, 1, 12, 0, 10);
const rule = { limit: 5, windowMs: 60_000 };

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(limiters.map((l) => l.close()));
  await redis?.stop();
});

function limiter() {
  const l = new RedisLimiter(redis.url);
  limiters.push(l);
  return l;
}

describe("RedisLimiter", () => {
  it("shares one count between two clients (two replicas), atomically", async () => {
    const [a, b] = [limiter(), limiter()];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume("shared", rule, 1, t0)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await a.peek("shared", rule, t0)).remaining).toBe(0);
    expect(results[0].resetAt).toBe(Date.UTC(2026, 11, 1, 12, 1, 0));
  });

  it("starts a new window at the boundary and expires old counters", async () => {
    const l = limiter();
    for (let i = 0; i < 6; i++) await l.consume("windows", rule, 1, t0);
    expect((await l.consume("windows", rule, 1, t0)).allowed).toBe(false);
    expect((await l.consume("windows", rule, 1, t0 + 50_000)).allowed).toBe(true);
    const ttl = await (l as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(
      `gatehouse:limit:60000:${Date.UTC(2026, 11, 1, 12, 0, 0)}:windows`,
    );
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(65_000);
  });
});
