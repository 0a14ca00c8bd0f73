/**
 * GCRA buckets in Redis, shared by every replica on the same REDIS_URL: all
 * the buckets of one request (key and team, requests and tokens) are decided
 * and updated by one Lua script, atomically, in one round trip, so N replicas
 * together admit exactly the limit. Times are the caller's clock (replicas
 * keep NTP-close clocks; skew shifts a refill by that much). State is the
 * level and when it was taken, expiring once the bucket is full again.
 */
import Redis from "ioredis";
import { decide, type GcraItem, type GcraLimiter, type GcraResult, type GcraRule, type GcraState } from "./gcra";

function parseState(stored: string | number): GcraState | undefined {
  if (typeof stored !== "string" || stored === "") return undefined;
  const [scaled, at] = stored.split("|");
  return { scaled: Number(scaled), at: Number(at) };
}

// State per bucket: "scaled|at" (tokens × period, whole numbers below 2^53, exact in Lua's doubles too). ARGV: now (ms), then limit, period (ms), cost per key.
// Returns 1/0 (all admitted) and each bucket's state before ("" when full), for ./gcra.ts to explain.
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local admitted = 1
local before = {}
local after = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[i * 3 - 1])
  local period = tonumber(ARGV[i * 3])
  local cost = tonumber(ARGV[i * 3 + 1])
  local stored = redis.call('GET', KEYS[i])
  local level = limit * period
  if stored then
    local l, at = string.match(stored, '^([^|]+)|(.+)$')
    level = math.min(limit * period, tonumber(l) + math.max(0, now - tonumber(at)) * limit)
  end
  if cost > limit or level < cost * period then admitted = 0 end
  before[i] = stored or ''
  after[i] = level - cost * period
end
if admitted == 1 then
  for i = 1, #KEYS do
    local limit = tonumber(ARGV[i * 3 - 1])
    local period = tonumber(ARGV[i * 3])
    local ttl = math.ceil((limit * period - after[i]) / limit) + 1000
    redis.call('SET', KEYS[i], string.format('%.17g', after[i]) .. '|' .. ARGV[1], 'PX', ttl)
  end
end
return { admitted, unpack(before) }`;

// ARGV: now (ms), limit, period (ms), delta. Never refills beyond a full bucket.
const SETTLE_SCRIPT = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local stored = redis.call('GET', KEYS[1])
local level = limit * period
if stored then
  local l, at = string.match(stored, '^([^|]+)|(.+)$')
  level = math.min(limit * period, tonumber(l) + math.max(0, now - tonumber(at)) * limit)
end
level = math.min(limit * period, level - tonumber(ARGV[4]) * period)
if level >= limit * period then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], string.format('%.17g', level) .. '|' .. ARGV[1], 'PX', math.ceil((limit * period - level) / limit) + 1000)
end
return 1`;

type WithScripts = {
  gatehouseGcraTake: (...args: (string | number)[]) => Promise<(number | string)[]>;
  gatehouseGcraSettle: (...args: (string | number)[]) => Promise<number>;
};

export class RedisGcraLimiter implements GcraLimiter {
  private readonly redis: Redis;

  constructor(redisOrUrl: Redis | string, private readonly prefix = "gatehouse:gcra2:") {
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
    args.push(now);
    for (const { rule, cost } of items) args.push(rule.limit, rule.periodMs, cost);
    const [admitted, ...before] = await (this.redis as unknown as WithScripts).gatehouseGcraTake(...args);
    // The same decision, recomputed from the state Redis had: one definition of the maths (./gcra.ts).
    const states = before.map(parseState);
    const results = items.map((item, i) => decide(states[i], item.rule, item.cost, now).result);
    if (Number(admitted) === 1) return results;
    return results.map((r, i) => (r.allowed ? { ...decide(states[i], items[i].rule, 0, now).result, allowed: false } : r));
  }

  async settle(key: string, rule: GcraRule, delta: number, now: number): Promise<void> {
    await (this.redis as unknown as WithScripts).gatehouseGcraSettle(this.prefix + key, now, rule.limit, rule.periodMs, delta);
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
