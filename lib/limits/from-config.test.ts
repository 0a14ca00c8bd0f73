import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../../scripts/lib/processes";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { ConfigError } from "../db-url";
import { DbLimiter } from "./db-limiter";
import { limitersFor, type Limiters } from "./from-config";
import { limitsConfigFromEnv } from "./config";
import { MemoryLimiter } from "./memory-limiter";

const rule = { limit: 3, windowMs: 60_000 };
const opened: Limiters[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close()));
  vi.restoreAllMocks();
});

async function open(redisUrl: string | null): Promise<Limiters> {
  const limiters = await limitersFor({ redisUrl }, { retryPrimaryAfterMs: 50, connectTimeoutMs: 2000 });
  opened.push(limiters);
  return limiters;
}

async function admitted(limiter: Limiters["lowRate"] | Limiters["hotPath"], key: string, tries: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < tries; i++) if ((await limiter.consume(key, rule)).allowed) allowed++;
  return allowed;
}

describe("limitsConfigFromEnv", () => {
  it("means no Redis when REDIS_URL is unset or empty", () => {
    expect(limitsConfigFromEnv({})).toEqual({ redisUrl: null });
    expect(limitsConfigFromEnv({ REDIS_URL: "  " })).toEqual({ redisUrl: null });
  });

  it("accepts redis:// and rediss:// URLs with credentials and a database number", () => {
    for (const url of ["redis://127.0.0.1:6379", "rediss://user:secret@cache.internal:6380/2", "redis://:secret@redis"]) {
      expect(limitsConfigFromEnv({ REDIS_URL: url })).toEqual({ redisUrl: url });
    }
  });

  it("stops the start on a malformed REDIS_URL, saying what is wrong and never printing the password", () => {
    const cases: [string, RegExp][] = [
      ["localhost:6379", /uses "localhost:" instead of redis: or rediss:/],
      ["http://cache:6379", /uses "http:"/],
      ["redis://", /names no host|is not a valid URL/],
      ["redis://cache:99999", /is not a valid URL/],
      ["redis://cache:6379/sessions", /names database "sessions", but Redis databases are numbers/],
      ["redis://user:hunter2@cache:6379/x", /redis:\/\/user:\*\*\*@cache/],
    ];
    for (const [value, message] of cases) {
      let thrown: unknown;
      try {
        limitsConfigFromEnv({ REDIS_URL: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, value).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message, value).toMatch(message);
      expect((thrown as Error).message).toMatch(/^REDIS_URL /);
      expect((thrown as Error).message).not.toContain("hunter2");
    }
  });
});

describe("limitersFor without Redis", () => {
  it("counts the low-rate limits in the database and the hot path in this process", async () => {
    const limiters = await open(null);
    expect(limiters.shared).toBe("database");
    expect(limiters.lowRate).toBeInstanceOf(DbLimiter);
    expect(limiters.hotPath).toBeInstanceOf(MemoryLimiter);
    // The verify pipeline's synchronous path.
    expect(limiters.hotPath.consumeSync).toBeTypeOf("function");
  });
});

describe("limitersFor with Redis", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it("stops the start when Redis does not answer, naming REDIS_URL", async () => {
    const url = `redis://:pw@127.0.0.1:${await freePort()}`;
    const failure = limitersFor({ redisUrl: url }, { connectTimeoutMs: 2000 });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/^REDIS_URL "redis:\/\/:\*\*\*@127\.0\.0\.1:\d+": could not connect to Redis/);
  });

  it("shares every limit between two replicas", async () => {
    const [a, b] = [await open(redis.url), await open(redis.url)];
    expect(a.shared).toBe("redis");
    const key = `shared-${Math.random()}`;
    for (const kind of ["lowRate", "hotPath"] as const) {
      expect((await admitted(a[kind], `${kind}:${key}`, 2)) + (await admitted(b[kind], `${kind}:${key}`, 2))).toBe(3);
    }
    // No synchronous path: the verify pipeline must wait for Redis.
    expect(a.hotPath.consumeSync).toBeUndefined();
  });

  it("while Redis is down keeps every limit in force (database, or this process), counts and warns; back on Redis after", async () => {
    const server = await startRedis();
    const replica = await open(server.url);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const key = `outage-${Math.random()}`;
    expect(await admitted(replica.hotPath, `before:${key}`, 1)).toBe(1);
    await server.stop();

    // Not opened by the outage, and not refusing everything either: the limit still admits exactly 3.
    expect(await admitted(replica.lowRate, `low:${key}`, 5)).toBe(3);
    expect(await admitted(replica.hotPath, `hot:${key}`, 5)).toBe(3);
    // The low-rate fallback is the database every replica shares: another process's counter sees these.
    expect((await new DbLimiter().peek(`low:${key}`, rule)).remaining).toBe(0);
    const during = replica.stats();
    expect(during.hotPath!.primaryFailures).toBeGreaterThanOrEqual(1);
    expect(during.hotPath!.fallbackCalls).toBe(5);
    expect(during.lowRate!.fallbackCalls).toBe(5);
    expect(warn.mock.calls.some(([m]) => /Redis failed .*verify and usage \(per process\) limits are counted by the fallback/.test(String(m)))).toBe(true);

    const back = await startRedis({ port: server.port });
    try {
      // Once the client has reconnected, a call is counted in Redis again rather than by the fallback.
      const countedInRedis = async () => {
        const before = replica.stats().hotPath!.fallbackCalls;
        await replica.hotPath.consume(`after:${key}`, rule);
        return replica.stats().hotPath!.fallbackCalls === before;
      };
      await expect.poll(countedInRedis, { timeout: 10_000 }).toBe(true);
      // Another replica sees that one call (the fresh server started at zero), and none of the fallback's.
      const peer = await open(back.url);
      expect((await peer.hotPath.consume(`after:${key}`, rule)).remaining).toBe(1);
    } finally {
      await replica.close();
      await back.stop();
    }
  });
});
