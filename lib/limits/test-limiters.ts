/**
 * Every limiter implementation, for tests that hold them all to one contract.
 * Redis is a real throw-away redis-server, started and stopped with the file.
 */
import { afterAll, beforeAll } from "vitest";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { DbLimiter } from "./db-limiter";
import type { Limiter } from "./limiter";
import { MemoryLimiter } from "./memory-limiter";
import { RedisLimiter } from "./redis-limiter";

export function everyLimiter(): [string, () => Promise<Limiter>][] {
  let redis: TestRedis;
  const clients: RedisLimiter[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await redis?.stop();
  });
  const redisLimiter = async (): Promise<Limiter> => {
    const limiter = new RedisLimiter(redis.url, { prefix: `test:${Math.random()}:` });
    clients.push(limiter);
    await limiter.connect();
    return limiter;
  };
  return [
    ["memory", async () => new MemoryLimiter()],
    ["database", async () => new DbLimiter()],
    ["redis", redisLimiter],
  ];
}
