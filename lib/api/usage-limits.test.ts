import { describe, expect, it } from "vitest";
import { ConfigError } from "../db-url";
import { MemoryLimiter } from "../limits/memory-limiter";
import { MAX_TOKENS_PER_EVENT } from "../usage/events";
import { DEFAULT_USAGE_BUFFER, usageBufferConfigFromEnv } from "../usage/buffer";
import { DEFAULT_USAGE_QUOTA, MAX_TOKENS_PER_TEAM_PER_MINUTE, UsageQuota, usageQuotaConfigFromEnv } from "./usage-limits";

const t0 = Date.UTC(2026, 11, 1, 12, 0, 10);

describe("usage quota configuration", () => {
  it("has defaults, reads each variable, and refuses a value that is not a positive whole number", () => {
    expect(usageQuotaConfigFromEnv({})).toEqual(DEFAULT_USAGE_QUOTA);
    expect(usageQuotaConfigFromEnv({ USAGE_EVENTS_PER_MINUTE_PER_KEY: "10", USAGE_EVENTS_PER_MINUTE_PER_TEAM: "20", USAGE_TOKENS_PER_MINUTE_PER_TEAM: "30" })).toEqual({
      eventsPerMinutePerKey: 10, eventsPerMinutePerTeam: 20, tokensPerMinutePerTeam: 30,
    });
    for (const bad of ["0", "-5", "1.5", "lots"]) expect(() => usageQuotaConfigFromEnv({ USAGE_EVENTS_PER_MINUTE_PER_KEY: bad })).toThrow(ConfigError);
  });

  it("keeps a year of the team token quota below 2^53, and refuses a quota that would not", () => {
    expect(MAX_TOKENS_PER_TEAM_PER_MINUTE * 366 * 24 * 60).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(DEFAULT_USAGE_QUOTA.tokensPerMinutePerTeam).toBeLessThanOrEqual(MAX_TOKENS_PER_TEAM_PER_MINUTE);
    expect(() => usageQuotaConfigFromEnv({ USAGE_TOKENS_PER_MINUTE_PER_TEAM: String(MAX_TOKENS_PER_TEAM_PER_MINUTE + 1) })).toThrow(/2\^53/);
    // One event can never carry a whole minute's team quota twice over at the defaults.
    expect(2 * MAX_TOKENS_PER_EVENT).toBeLessThan(DEFAULT_USAGE_QUOTA.tokensPerMinutePerTeam);
  });
});

describe("usage buffer configuration", () => {
  it("has defaults and refuses nonsense", () => {
    expect(usageBufferConfigFromEnv({})).toEqual(DEFAULT_USAGE_BUFFER);
    expect(usageBufferConfigFromEnv({ USAGE_BUFFER_MAX_EVENTS: "50000", USAGE_BUFFER_MAX_EVENTS_PER_TEAM: "5000", USAGE_FLUSH_INTERVAL_MS: "100" })).toMatchObject({
      maxEvents: 50_000, maxReportEventsPerTeam: 5000, flushIntervalMs: 100,
    });
    expect(() => usageBufferConfigFromEnv({ USAGE_BUFFER_MAX_EVENTS: "many" })).toThrow(ConfigError);
    expect(() => usageBufferConfigFromEnv({ USAGE_FLUSH_INTERVAL_MS: "1" })).toThrow(ConfigError);
  });
});

describe("UsageQuota", () => {
  it("charges a report whole, stops at the key's own limit without charging its team, and says when to retry", async () => {
    const quota = new UsageQuota(new MemoryLimiter(), { eventsPerMinutePerKey: 5, eventsPerMinutePerTeam: 8, tokensPerMinutePerTeam: 100 });
    expect(await quota.charge("k1", "t", 5, 0, t0)).toBeNull();
    const overKey = await quota.charge("k1", "t", 1, 0, t0);
    expect(overKey).toMatchObject({ scope: "key", unit: "events", retryAfterSeconds: 50, result: { allowed: false, limit: 5 } });
    // k1's refused event was not charged to the team: 5 used, 3 left.
    expect(await quota.charge("k2", "t", 3, 0, t0)).toBeNull();
    expect(await quota.charge("k3", "t", 1, 0, t0)).toMatchObject({ scope: "team", unit: "events" });
    expect(await quota.charge("k4", "other", 1, 101, t0)).toMatchObject({ scope: "team", unit: "tokens", result: { limit: 100 } });
    expect(await quota.charge("k1", "t", 5, 0, t0 + 50_000)).toBeNull();
  });
});
