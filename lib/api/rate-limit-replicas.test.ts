/**
 * Two sets of limiters from lib/limits/from-config.ts, each what one replica
 * builds at start, pointed at one real redis-server: the verify rate limit and
 * the usage quotas must hold across them, and a Redis outage must not take
 * verify down. (The /api/v1 router is one per process, so the second replica
 * runs the verify pipeline directly; e2e/scale/replicas.spec.ts does the same
 * with two real server processes.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { limitersFor, type Limiters } from "../limits/from-config";
import { makeTeam } from "../testing/factories";
import { verifyRateLimit } from "./rate-limit";
import { createTestKey, startApiServer, type TestApi } from "./test-helpers";
import { DEFAULT_USAGE_QUOTA, UsageQuota } from "./usage-limits";
import { verifyKey } from "./verify-key";

const LIMIT = 5;
let redis: TestRedis;
let api: TestApi;
let teamId: string;
const opened: Limiters[] = [];

beforeAll(async () => {
  redis = await startRedis();
  api = await startApiServer();
  teamId = (await makeTeam(["owner"])).team.id;
});
afterAll(async () => {
  await api?.close();
  await Promise.all(opened.map((l) => l.close()));
  await redis?.stop();
});
// Limits count per UTC minute: keep each test's calls inside one window.
beforeEach(async () => {
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 5000) await new Promise((r) => setTimeout(r, toBoundary + 50));
  api.runtime.rateLimit = null;
});

async function replica(redisUrl: string) {
  const limiters = await limitersFor({ redisUrl }, { retryPrimaryAfterMs: 50 });
  opened.push(limiters);
  const rateLimit = verifyRateLimit(LIMIT, limiters.hotPath);
  const deps = { ...api.runtime, rateLimit };
  return {
    limiters,
    rateLimit,
    verify: async (secret: string) => `200 ${(await verifyKey(deps, { key: secret }, Date.now())).code}`,
    quota: new UsageQuota(limiters.hotPath, { ...DEFAULT_USAGE_QUOTA, eventsPerMinutePerKey: 3 }),
  };
}

const verifyOverHttp = async (secret: string) => {
  const res = await api.post("/api/v1/keys/verify", { key: secret });
  return `${res.status} ${(await res.json()).code}`;
};

describe("limits shared in Redis across replicas", () => {
  it("a verify limit of N per minute admits N in total across two replicas", async () => {
    const [a, b] = [await replica(redis.url), await replica(redis.url)];
    const { secret } = await createTestKey(teamId);
    // 3N at once, half to each: counted per replica, each would admit N (2N in all).
    const answers = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => (i % 2 ? a : b).verify(secret)));
    expect(answers.filter((x) => x === "200 VALID")).toHaveLength(LIMIT);
    expect(answers.filter((x) => x === "200 RATE_LIMITED")).toHaveLength(2 * LIMIT);
  });

  it("usage ingestion quotas count across replicas", async () => {
    const [a, b] = [await replica(redis.url), await replica(redis.url)];
    const { key } = await createTestKey(teamId);
    const charge = async (r: typeof a) => ((await r.quota.charge(key.id, teamId, 1, 0)) === null ? "accepted" : "refused");
    expect([await charge(a), await charge(b), await charge(a), await charge(b)]).toEqual(["accepted", "accepted", "accepted", "refused"]);
  });

  it("Redis down: verify keeps answering, each replica counting the limit alone, and the degraded calls are counted", async () => {
    const own = await startRedis();
    const [a, b] = [await replica(own.url), await replica(own.url)];
    api.runtime.rateLimit = a.rateLimit;
    const { secret } = await createTestKey(teamId);
    expect(await verifyOverHttp(secret)).toBe("200 VALID");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await own.stop();
      const fromA = [];
      const fromB = [];
      for (let i = 0; i < LIMIT + 2; i++) fromA.push(await verifyOverHttp(secret));
      for (let i = 0; i < LIMIT + 2; i++) fromB.push(await b.verify(secret));
      // Never a 500, never all refused: while the outage lasts each process admits N on its own.
      for (const answers of [fromA, fromB]) {
        expect(answers.filter((x) => x === "200 VALID")).toHaveLength(LIMIT);
        expect(answers.filter((x) => x === "200 RATE_LIMITED")).toHaveLength(2);
      }
      expect(a.limiters.stats().hotPath).toMatchObject({ fallbackCalls: LIMIT + 2 });
      expect(a.limiters.stats().hotPath!.primaryFailures).toBeGreaterThanOrEqual(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Redis failed/));
    } finally {
      warn.mockRestore();
    }
  });
});
