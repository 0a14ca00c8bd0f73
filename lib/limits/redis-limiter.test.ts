import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { freePort } from "../../scripts/lib/processes";
import { RedisLimiter } from "./redis-limiter";
import { reserve, usedOf } from "./reserve";

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

async function limiter(url = redis.url) {
  const l = new RedisLimiter(url, { commandTimeoutMs: 500 });
  limiters.push(l);
  await l.connect(2000);
  return l;
}

const pttl = (l: RedisLimiter, key: string) => (l as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(key);

describe("RedisLimiter", () => {
  it("shares one count between two clients (two replicas), atomically", async () => {
    const [a, b] = [await limiter(), await limiter()];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume("shared", rule, 1, t0)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await a.peek("shared", rule, t0)).remaining).toBe(0);
    expect(results[0].resetAt).toBe(Date.UTC(2026, 11, 1, 12, 1, 0));
  });

  it("starts a new window at the boundary and expires old counters at the window's end", async () => {
    const l = await limiter();
    for (let i = 0; i < 6; i++) await l.consume("windows", rule, 1, t0);
    expect((await l.consume("windows", rule, 1, t0)).allowed).toBe(false);
    expect((await l.consume("windows", rule, 1, t0 + 50_000)).allowed).toBe(true);
    // 50 s of the window are left at t0, plus 5 s of slack for clock skew between replicas.
    const ttl = await pttl(l, `gatehouse:limit:60000:${Date.UTC(2026, 11, 1, 12, 0, 0)}:windows`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(55_000);
  });

  it("takes reserve()'s negative-cost give-backs: a released reservation leaves the count where it was", async () => {
    const l = await limiter();
    const checks = [
      { key: "give-back:a", rule },
      { key: "give-back:b", rule: { limit: 1, windowMs: 60_000 } },
    ];
    const held = await reserve(l, checks, { now: t0 });
    expect(held.allowed).toBe(true);
    // The second check is full: the first one's charge is given back.
    const refused = await reserve(l, checks, { now: t0 });
    expect(refused).toMatchObject({ allowed: false, check: checks[1] });
    expect(usedOf(await l.peek("give-back:a", rule, t0))).toBe(1);
    if (held.allowed) await held.release();
    expect(usedOf(await l.peek("give-back:a", rule, t0))).toBe(0);
    expect(usedOf(await l.peek("give-back:b", checks[1].rule, t0))).toBe(0);
  });

  it("never counts below zero, so a give-back without its charge adds no allowance", async () => {
    const l = await limiter();
    expect((await l.consume("floor", rule, -3, t0)).remaining).toBe(5);
    await l.consume("floor", rule, 1, t0);
    await l.consume("floor", rule, -2, t0);
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await l.consume("floor", rule, 1, t0)).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
  });

  it("a charge after a give-back to zero does not push the counter's expiry out", async () => {
    const l = await limiter();
    const day = { limit: 5, windowMs: 24 * 60 * 60_000 };
    const late = Date.UTC(2026, 11, 1, 23, 0, 0);
    await l.consume("expiry", day, 1, late);
    await l.consume("expiry", day, -1, late);
    await l.consume("expiry", day, 1, late);
    const ttl = await pttl(l, `gatehouse:limit:${day.windowMs}:${Date.UTC(2026, 11, 1)}:expiry`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000 + 5_000);
  });

  it("fails while Redis is unreachable (no offline queue) and counts again once it is back", async () => {
    const server = await startRedis();
    const l = await limiter(server.url);
    expect((await l.consume("outage", rule, 1, t0)).allowed).toBe(true);
    await server.stop();
    // Rejected while the server is still gone: nothing waits in an offline queue for it to return.
    await expect(l.consume("outage", rule, 1, t0)).rejects.toThrow();

    const again = await startRedis({ port: server.port });
    try {
      await expect.poll(() => l.consume("outage", rule, 1, t0).then((r) => r.remaining, () => "down"), { timeout: 10_000 }).toBe(4);
    } finally {
      await l.close();
      await again.stop();
    }
  });

  it("connect() rejects when nothing listens, instead of waiting forever", async () => {
    const port = await freePort();
    const l = new RedisLimiter(`redis://127.0.0.1:${port}`);
    limiters.push(l);
    await expect(l.connect(2000)).rejects.toThrow();
  });
});
