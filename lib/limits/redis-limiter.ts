import Redis from "ioredis";
import { resultFor, windowStart, type Limiter, type LimitResult, type LimitRule } from "./limiter";

// INCRBY and the expiry in one round trip, atomically: the first hit of a window sets its TTL,
// so a crash between two commands can never leave a counter that never expires.
const CONSUME_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`;

/**
 * Counts in Redis: one counter per key and window, shared by every replica
 * pointed at the same REDIS_URL. One round trip per call (an EVALSHA).
 */
export class RedisLimiter implements Limiter {
  private readonly redis: Redis;

  constructor(redisOrUrl: Redis | string, private readonly prefix = "gatehouse:limit:") {
    this.redis =
      typeof redisOrUrl === "string"
        ? new Redis(redisOrUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
        : redisOrUrl;
    this.redis.defineCommand("gatehouseConsume", { numberOfKeys: 1, lua: CONSUME_SCRIPT });
  }

  private keyFor(key: string, rule: LimitRule, now: number): string {
    return `${this.prefix}${rule.windowMs}:${windowStart(rule, now)}:${key}`;
  }

  async consume(key: string, rule: LimitRule, cost = 1, now = Date.now()): Promise<LimitResult> {
    // Keep the counter a little past its window so clock skew between replicas cannot reopen it early.
    const ttl = rule.windowMs + 5_000;
    const consume = (this.redis as unknown as { gatehouseConsume: (k: string, c: number, t: number) => Promise<number> })
      .gatehouseConsume;
    const count = await consume.call(this.redis, this.keyFor(key, rule, now), cost, ttl);
    return resultFor(Number(count), rule, now);
  }

  async peek(key: string, rule: LimitRule, now = Date.now()): Promise<LimitResult> {
    const value = await this.redis.get(this.keyFor(key, rule, now));
    return resultFor(Number(value ?? 0), rule, now);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
