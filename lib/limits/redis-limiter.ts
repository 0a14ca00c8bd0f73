import Redis from "ioredis";
import { resultFor, windowStart, type Limiter, type LimitResult, type LimitRule } from "./limiter";

// INCRBY and the expiry in one round trip, atomically, so a crash between two commands can never
// leave a counter that never expires. A negative cost is a give-back (reserve.ts): the count never
// goes below zero, so a give-back whose charge landed elsewhere (another window, the fallback
// counter while Redis was away) cannot create allowance. The TTL is set on every call, always to the
// same instant (the window's end plus the slack), so a give-back to 0 followed by a new charge
// cannot push the expiry out.
const CONSUME_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count < 0 then
  redis.call('SET', KEYS[1], '0')
  count = 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count`;

// Kept a little past its window so clock skew between replicas cannot reopen it early.
const EXPIRY_SLACK_MS = 5_000;

export type RedisLimiterOptions = {
  prefix?: string;
  /** A command with no reply after this long fails (a hung server must not hang sign-in or verify). */
  commandTimeoutMs?: number;
};

type WithConsume = { gatehouseConsume: (key: string, cost: number, ttlMs: number) => Promise<number> };

/**
 * Counts in Redis: one counter per key and window, shared by every replica
 * pointed at the same REDIS_URL. One round trip per call (an EVALSHA).
 *
 * Calls fail at once while the connection is down (no offline queue): what to
 * do then is the caller's policy (see fallback-limiter.ts), and a queue would
 * only turn an outage into requests that hang for seconds. The client keeps
 * reconnecting in the background; `connect()` waits for the first connection.
 */
export class RedisLimiter implements Limiter {
  private readonly redis: Redis;
  private readonly prefix: string;
  /** "down" only once a ready connection was lost: that is when an outage starts and ends. */
  private state: "starting" | "up" | "down" = "starting";

  constructor(redisOrUrl: Redis | string, options: RedisLimiterOptions = {}) {
    this.prefix = options.prefix ?? "gatehouse:limit:";
    this.redis =
      typeof redisOrUrl === "string"
        ? new Redis(redisOrUrl, {
            lazyConnect: true,
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            commandTimeout: options.commandTimeoutMs ?? 1000,
            connectTimeout: 5000,
            // Reconnect quickly at first, then every 2 s at most, for as long as it takes.
            retryStrategy: (times) => Math.min(times * 100, 2000),
          })
        : redisOrUrl;
    this.redis.defineCommand("gatehouseConsume", { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    // Without a listener ioredis prints every failed reconnect; say it once per outage instead.
    this.redis.on("error", (error: Error) => {
      if (this.state !== "up") return;
      this.state = "down";
      console.warn(`[limits] lost the connection to Redis (${error.message}); reconnecting`);
    });
    this.redis.on("ready", () => {
      if (this.state === "down") console.warn("[limits] connected to Redis again");
      this.state = "up";
    });
  }

  /** Waits until the first connection is ready, or rejects after `timeoutMs` (the client then stops trying). */
  async connect(timeoutMs = 5000): Promise<void> {
    if (this.redis.status === "ready") return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    // connect() itself only says "Connection is closed."; the reason (ECONNREFUSED, auth) comes as an event.
    let reason: Error | undefined;
    const onError = (error: Error) => (reason ??= error);
    this.redis.on("error", onError);
    try {
      await Promise.race([this.redis.status === "wait" ? this.redis.connect() : this.waitForReady(), timeout]);
      this.state = "up";
    } catch (error) {
      this.redis.disconnect();
      throw reason ?? error;
    } finally {
      clearTimeout(timer);
      this.redis.off("error", onError);
    }
  }

  private waitForReady(): Promise<void> {
    return new Promise((resolve) => this.redis.once("ready", () => resolve()));
  }

  private keyFor(key: string, rule: LimitRule, now: number): string {
    return `${this.prefix}${rule.windowMs}:${windowStart(rule, now)}:${key}`;
  }

  async consume(key: string, rule: LimitRule, cost = 1, now = Date.now()): Promise<LimitResult> {
    const ttl = windowStart(rule, now) + rule.windowMs - now + EXPIRY_SLACK_MS;
    const count = await (this.redis as unknown as WithConsume).gatehouseConsume(this.keyFor(key, rule, now), cost, ttl);
    return resultFor(Number(count), rule, now);
  }

  async peek(key: string, rule: LimitRule, now = Date.now()): Promise<LimitResult> {
    const value = await this.redis.get(this.keyFor(key, rule, now));
    return resultFor(Number(value ?? 0), rule, now);
  }

  async close(): Promise<void> {
    this.redis.removeAllListeners("error");
    this.redis.on("error", () => {});
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
