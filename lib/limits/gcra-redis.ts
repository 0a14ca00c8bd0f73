/**
 * GCRA buckets in Redis, shared by every replica on the same REDIS_URL: all
 * the buckets of one request (key and team, requests and tokens) are decided
 * and updated by one Lua script, atomically, in one round trip, so N replicas
 * together admit exactly the limit. Times are the caller's clock (replicas
 * keep NTP-close clocks; skew shifts a refill by that much). State is the TAT
 * in integer microseconds, expiring once the bucket is full again.
 */
import Redis from "ioredis";
import { decide, type GcraItem, type GcraLimiter, type GcraResult, type GcraRule } from "./gcra";

// ARGV: now (µs), then limit, period (µs), cost per key. Returns 1/0 (all admitted) and each TAT before.
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local admitted = 1
local before = {}
local after = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[i * 3 - 1])
  local period = tonumber(ARGV[i * 3])
  local cost = tonumber(ARGV[i * 3 + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  local base = math.max(tat, now)
  local nxt = base + cost * period / limit
  if cost > limit or nxt - now > period then admitted = 0 end
  before[i] = string.format('%.0f', tat)
  after[i] = nxt
end
if admitted == 1 then
  for i = 1, #KEYS do
    local ttl = math.ceil((after[i] - now) / 1000) + 1000
    redis.call('SET', KEYS[i], string.format('%.0f', after[i]), 'PX', ttl)
  end
end
return { admitted, unpack(before) }`;

// ARGV: now (µs), limit, period (µs), delta. Never refills beyond a full bucket.
const SETTLE_SCRIPT = `
local now = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local nxt = math.max(now, math.max(tat, now) + tonumber(ARGV[4]) * tonumber(ARGV[3]) / tonumber(ARGV[2]))
if nxt <= now then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.ceil((nxt - now) / 1000) + 1000)
end
return 1`;

type WithScripts = {
  gatehouseGcraTake: (...args: (string | number)[]) => Promise<(number | string)[]>;
  gatehouseGcraSettle: (...args: (string | number)[]) => Promise<number>;
};

export class RedisGcraLimiter implements GcraLimiter {
  private readonly redis: Redis;

  constructor(redisOrUrl: Redis | string, private readonly prefix = "gatehouse:gcra:") {
    this.redis =
      typeof redisOrUrl === "string"
        ? new Redis(redisOrUrl, {
            lazyConnect: true,
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            commandTimeout: 1000,
            connectTimeout: 5000,
            retryStrategy: (times) => Math.min(times * 100, 2000),
          })
        : redisOrUrl;
    // Outages are reported by the fallback wrapper; this only keeps ioredis from printing each reconnect.
    this.redis.on("error", () => {});
    this.redis.defineCommand("gatehouseGcraTake", { lua: TAKE_SCRIPT });
    this.redis.defineCommand("gatehouseGcraSettle", { numberOfKeys: 1, lua: SETTLE_SCRIPT });
  }

  async connect(): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
  }

  async takeAll(items: readonly GcraItem[], now: number): Promise<GcraResult[]> {
    const args: (string | number)[] = [items.length];
    for (const item of items) args.push(this.prefix + item.key);
    args.push(Math.round(now * 1000));
    for (const { rule, cost } of items) args.push(rule.limit, rule.periodMs * 1000, cost);
    const [admitted, ...before] = await (this.redis as unknown as WithScripts).gatehouseGcraTake(...args);
    // The same decision, recomputed from the state Redis had: one definition of the maths (./gcra.ts).
    const results = items.map((item, i) => decide(Number(before[i]) / 1000, item.rule, item.cost, now).result);
    if (Number(admitted) === 1) return results;
    return results.map((r, i) => (r.allowed ? { ...decide(Number(before[i]) / 1000, items[i].rule, 0, now).result, allowed: false } : r));
  }

  async settle(key: string, rule: GcraRule, delta: number, now: number): Promise<void> {
    await (this.redis as unknown as WithScripts).gatehouseGcraSettle(this.prefix + key, Math.round(now * 1000), rule.limit, rule.periodMs * 1000, delta);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Redis, and this process's memory while Redis fails: the limits stay in
 * force (per replica) during an outage instead of refusing or opening the
 * traffic. After a failure Redis is left alone for `retryAfterMs`.
 */
export class FallbackGcraLimiter implements GcraLimiter {
  private restUntil = 0;
  private lastWarn = 0;
  failures = 0;

  constructor(
    private readonly primary: RedisGcraLimiter,
    private readonly fallback: GcraLimiter,
    private readonly retryAfterMs = 1000,
  ) {}

  takeAll(items: readonly GcraItem[], now: number): GcraResult[] | Promise<GcraResult[]> {
    if (Date.now() < this.restUntil) return this.fallback.takeAll(items, now);
    return this.primary.takeAll(items, now).catch((error: Error) => {
      this.failed(error);
      return this.fallback.takeAll(items, now);
    });
  }

  settle(key: string, rule: GcraRule, delta: number, now: number): void | Promise<void> {
    if (Date.now() < this.restUntil) return this.fallback.settle(key, rule, delta, now);
    return this.primary.settle(key, rule, delta, now).catch((error: Error) => {
      this.failed(error);
      return this.fallback.settle(key, rule, delta, now);
    });
  }

  private failed(error: Error): void {
    this.failures++;
    this.restUntil = Date.now() + this.retryAfterMs;
    if (Date.now() - this.lastWarn > 10_000) {
      this.lastWarn = Date.now();
      console.warn(`[limits] key rate limits: Redis failed (${error.message}); counting in this process meanwhile`);
    }
  }
}
