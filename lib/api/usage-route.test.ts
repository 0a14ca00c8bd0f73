import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { generateKey } from "../keys/format";
import { MemoryLimiter } from "../limits/memory-limiter";
import { holdUsageWriteLock } from "../store/test-support";
import { makeTeam } from "../testing/factories";
import { DEFAULT_USAGE_BUFFER, UsageBuffer } from "../usage/buffer";
import { generateServiceToken } from "../operator/service-token-format";
import { createTestKey, startApiServer, type TestApi } from "./test-helpers";
import { DEFAULT_USAGE_QUOTA, UsageQuota, type UsageQuotaConfig } from "./usage-limits";

const USAGE = "/api/v1/usage";
let api: TestApi;
let teamId: string;
let defaults: Pick<TestApi["runtime"], "usage" | "quota">;

beforeAll(async () => {
  api = await startApiServer();
  defaults = { usage: api.runtime.usage, quota: api.runtime.quota };
  teamId = (await makeTeam(["owner"])).team.id;
});
afterAll(() => api.close());
// The handlers read their dependencies from the runtime on every call, so a test can swap one.
beforeEach(() => Object.assign(api.runtime, defaults));

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
/** The report body for one key: the key named at the top of a batch, or inside a single event. */
function forKey(secret: string, body: unknown): unknown {
  return typeof body === "object" && body !== null && "events" in body ? { key: secret, ...body } : { key: secret, ...(body as object) };
}
const ok = { status: 200, latencyMs: 120 };

async function report(body: unknown, headers: Record<string, string> = {}) {
  const res = await api.post(USAGE, body, headers);
  return { status: res.status, body: await res.json(), res };
}

describe("POST /api/v1/usage authentication", () => {
  it("answers 401 JSON without a service token, with a malformed or unknown one, and with a partner's key, and records nothing", async () => {
    const { secret } = await createTestKey(teamId);
    const cases: [Record<string, string>, string][] = [
      [{ authorization: "" }, "MISSING_SERVICE_TOKEN"],
      [{ authorization: "Basic abc" }, "MISSING_SERVICE_TOKEN"],
      [{ authorization: "Bearer" }, "MISSING_SERVICE_TOKEN"],
      [bearer("gks_nope"), "INVALID_SERVICE_TOKEN"],
      [bearer(generateServiceToken()), "INVALID_SERVICE_TOKEN"],
      [bearer(secret), "INVALID_SERVICE_TOKEN"],
    ];
    const before = await db.usageEvent.count();
    for (const [headers, code] of cases) {
      const { status, body, res } = await report(forKey(secret, ok), headers);
      expect(status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(body.error.code, JSON.stringify(headers)).toBe(code);
    }
    await api.flush();
    expect(await db.usageEvent.count()).toBe(before);
  });

  it("accepts reports for revoked and expired keys (the requests happened while they worked), and refuses unknown keys with 400", async () => {
    const revoked = await createTestKey(teamId, { revokedAt: new Date(Date.now() - 1000) });
    const expired = await createTestKey(teamId, { expiresAt: new Date(Date.now() - 1000) });
    expect((await report(forKey(revoked.secret, ok))).status).toBe(202);
    expect((await report({ keyId: expired.key.id, ...ok })).status).toBe(202);
    const unknown = await report(forKey(generateKey("production"), ok));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: "key", message: "No such key." }]);
  });
});

describe("POST /api/v1/usage validation", () => {
  it("answers 400 with the path of each bad field", async () => {
    const { secret } = await createTestKey(teamId);
    const cases: [unknown, string][] = [
      [{ events: [{ status: 200 }] }, "events.0.latencyMs"],
      [{ events: [ok, { status: 99, latencyMs: 1 }] }, "events.1.status"],
      [{ events: [] }, "events"],
      [{ events: Array.from({ length: 1001 }, () => ok) }, "events"],
      [{ ...ok, timestamp: Date.now() - 31 * 86_400_000 }, "timestamp"],
      [{ ...ok, timestamp: new Date(Date.now() + 10 * 60_000).toISOString() }, "timestamp"],
      [{ ...ok, timestamp: "yesterday" }, "timestamp"],
      [{ ...ok, inputTokens: -1 }, "inputTokens"],
      [{ ...ok, outputTokens: 1_000_000_001 }, "outputTokens"],
      [{ ...ok, colour: "blue" }, ""],
      // Model names reach charts and the CSV: one line, no broken characters.
      [{ ...ok, model: "claude\nforged line" }, "model"],
      [{ ...ok, model: "claude-\ud800" }, "model"],
      [{ ...ok, model: "   " }, "model"],
    ];
    for (const [body, path] of cases) {
      const res = await report(forKey(secret, body));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const bad = await api.post(USAGE, "{nope");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("MALFORMED_JSON");
  });
});

describe("POST /api/v1/usage ingestion", () => {
  it("accepts events (batch or single), stores them as raw events and rollups, and updates lastUsedAt", async () => {
    const { key, secret } = await createTestKey(teamId);
    const base = Date.now() - 2 * 86_400_000;
    const at = base - (base % 3_600_000) + 30 * 60_000; // hh:30:00, two days ago
    const events = [
      { status: 200, latencyMs: 100, model: "claude-sonnet-4-5", inputTokens: 10, outputTokens: 20, timestamp: at },
      { status: 201, latencyMs: 300, model: "claude-sonnet-4-5", inputTokens: 5, outputTokens: 5, timestamp: new Date(at + 1000).toISOString() },
      { status: 429, latencyMs: 5, timestamp: at + 61_000 },
      { status: 503, latencyMs: 2000, timestamp: at + 3_600_000 },
    ];
    const batch = await report(forKey(secret, { events }));
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({ accepted: 4 });
    const single = await report(forKey(secret, { status: 200, latencyMs: 50 }));
    expect(single.body).toMatchObject({ accepted: 1 });

    await api.flush();
    const raw = await db.usageEvent.findMany({ where: { keyId: key.id }, orderBy: { ts: "asc" } });
    expect(raw).toHaveLength(5);
    expect(raw[0]).toMatchObject({ kind: "report", outcome: "2xx", status: 200, latencyMs: 100, model: "claude-sonnet-4-5", inputTokens: 10, outputTokens: 20, teamId });
    expect(raw.map((e) => e.outcome)).toEqual(["2xx", "2xx", "4xx", "5xx", "2xx"]);

    const rollups = await db.usageRollup.findMany({ where: { keyId: key.id }, orderBy: { bucketStart: "asc" } });
    const minutes = rollups.filter((r) => r.granularity === "minute");
    const hours = rollups.filter((r) => r.granularity === "hour");
    expect(minutes).toHaveLength(4); // hh:30 (2 events), hh:31, hh+1:30, now
    expect(minutes[0]).toMatchObject({ bucketStart: BigInt(at), requests: 2, status2xx: 2, latencyCount: 2, latencySum: 400n, inputTokens: 15n, outputTokens: 25n });
    // Rollups are per model too: the hour holds one row for claude-sonnet-4-5 and one for events naming none.
    const hour = (start: bigint) => hours.filter((r) => r.bucketStart === start);
    const first = hour(BigInt(at - 30 * 60_000));
    expect(first.map((r) => [r.model, r.requests, r.status2xx, r.status4xx]).sort()).toEqual([["", 1, 0, 1], ["claude-sonnet-4-5", 2, 2, 0]]);
    expect(hour(BigInt(at + 30 * 60_000))).toMatchObject([{ model: "", requests: 1, status5xx: 1 }]);
    const totals = rollups.filter((r) => r.granularity === "day").reduce((n, r) => n + r.requests, 0);
    expect(totals).toBe(5);

    const updated = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(updated.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("POST /api/v1/usage token bounds and timestamps", () => {
  it("refuses more than 10^9 tokens in one event with a clear 400", async () => {
    const { secret } = await createTestKey(teamId);
    const res = await report(forKey(secret, { ...ok, inputTokens: 1_000_000_001 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "inputTokens", message: "At most 1,000,000,000 tokens per event." }]);
    expect((await report(forKey(secret, { ...ok, inputTokens: 1_000_000_000, outputTokens: 1_000_000_000 }))).status).toBe(202);
  });

  it("records an event stamped ahead of our clock at the time of receipt, so 'last used' never lies in the future", async () => {
    const { key, secret } = await createTestKey(teamId);
    const sent = Date.now();
    expect((await report(forKey(secret, { ...ok, timestamp: sent + 4 * 60_000 }))).status).toBe(202);
    const answered = Date.now();
    await api.flush();
    const [event] = await db.usageEvent.findMany({ where: { keyId: key.id } });
    expect(Number(event.ts)).toBeGreaterThanOrEqual(sent);
    expect(Number(event.ts)).toBeLessThanOrEqual(answered);
    const { lastUsedAt } = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(lastUsedAt!.getTime()).toBeGreaterThanOrEqual(sent);
    expect(lastUsedAt!.getTime()).toBeLessThanOrEqual(answered);
  });
});

describe("POST /api/v1/usage ingestion quota", () => {
  const withQuota = (config: Partial<UsageQuotaConfig>) => {
    api.runtime.quota = new UsageQuota(new MemoryLimiter(), { ...DEFAULT_USAGE_QUOTA, ...config });
  };
  const events = (n: number, tokens = 0) => ({ events: Array.from({ length: n }, () => ({ ...ok, inputTokens: tokens })) });
  // Quotas count per UTC minute: keep each test's calls inside one window.
  beforeEach(async () => {
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 5000) await new Promise((r) => setTimeout(r, toBoundary + 50));
  });

  it("limits events per minute per key with 429 RATE_LIMITED and Retry-After, without touching other keys", async () => {
    withQuota({ eventsPerMinutePerKey: 5 });
    const limited = await createTestKey(teamId);
    const other = await createTestKey(teamId);
    expect((await report(forKey(limited.secret, events(3)))).status).toBe(202);
    const refused = await report(forKey(limited.secret, events(3)));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED", details: { scope: "key", unit: "events", limit: 5 } });
    const retryAfter = Number(refused.res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await report(forKey(other.secret, events(5)))).status).toBe(202);
    await api.flush();
    expect(await db.usageEvent.count({ where: { keyId: limited.key.id } })).toBe(3);
  });

  it("limits events per minute per team across its keys, and tokens per minute per team", async () => {
    withQuota({ eventsPerMinutePerTeam: 8, tokensPerMinutePerTeam: 1000 });
    const team = (await makeTeam(["owner"])).team.id;
    const [one, two] = [await createTestKey(team), await createTestKey(team)];
    const elsewhere = await createTestKey(teamId);
    expect((await report(forKey(one.secret, events(5)))).status).toBe(202);
    expect((await report(forKey(two.secret, events(3)))).status).toBe(202);
    const overTeam = await report(forKey(two.secret, events(1)));
    expect(overTeam.status).toBe(429);
    expect(overTeam.body.error.details).toMatchObject({ scope: "team", unit: "events", limit: 8 });
    expect((await report(forKey(elsewhere.secret, events(2, 600)))).status).toBe(429);
    expect((await report(forKey(elsewhere.secret, events(1)))).status).toBe(202);
  });
});

describe("POST /api/v1/usage when the buffer is near its bound", () => {
  it("answers 429 past the team's share and 503 near the bound, both with Retry-After, and writes every event it acknowledged", async () => {
    api.runtime.usage = new UsageBuffer(api.runtime.store, { ...DEFAULT_USAGE_BUFFER, maxEvents: 2000, maxReportEventsPerTeam: 600, flushIntervalMs: 20 });
    const teams = await Promise.all([1, 2].map(async () => (await makeTeam(["owner"])).team.id));
    const [a, b] = await Promise.all(teams.map((t) => createTestKey(t)));
    const batch = { events: Array.from({ length: 300 }, () => ok) };
    const statuses: [string, number, string | undefined, string | null][] = [];
    const release = await holdUsageWriteLock();
    try {
      for (const [name, key] of [["a", a], ["a", a], ["a", a], ["b", b], ["b", b], ["b", b]] as const) {
        const res = await report(forKey(key.secret, batch));
        statuses.push([name, res.status, res.body.error?.code, res.res.headers.get("retry-after")]);
      }
    } finally {
      await release();
    }
    expect(statuses).toEqual([
      ["a", 202, undefined, null],
      ["a", 202, undefined, null],
      ["a", 429, "TEAM_USAGE_BACKLOG", "2"],
      ["b", 202, undefined, null],
      ["b", 503, "USAGE_BUFFER_FULL", "5"],
      ["b", 503, "USAGE_BUFFER_FULL", "5"],
    ]);
    await api.runtime.usage.flush();
    expect(await db.usageEvent.count({ where: { keyId: a.key.id } })).toBe(600);
    expect(await db.usageEvent.count({ where: { keyId: b.key.id } })).toBe(300);
    expect(api.runtime.usage.stats()).toMatchObject({ lost: 0, droppedVerify: 0 });
  });
});
