import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { generateKey } from "../keys/format";
import { makeTeam } from "../testing/factories";
import { flushUsage } from "../usage/buffer";
import { createTestKey, startApiServer } from "./test-helpers";

const USAGE = "/api/v1/usage";
let api: Awaited<ReturnType<typeof startApiServer>>;
let teamId: string;

beforeAll(async () => {
  api = await startApiServer();
  teamId = (await makeTeam(["owner"])).team.id;
});
afterAll(() => api.close());

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const ok = { status: 200, latencyMs: 120 };

async function report(body: unknown, headers: Record<string, string> = {}) {
  const res = await api.post(USAGE, body, headers);
  return { status: res.status, body: await res.json(), res };
}

describe("POST /api/v1/usage authentication", () => {
  it("answers 401 JSON without a key, with a malformed key and with an unknown key", async () => {
    for (const headers of [{}, { authorization: "Basic abc" }, bearer("gk_live_nope"), bearer(generateKey("production"))]) {
      const { status, body, res } = await report(ok, headers);
      expect(status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(["MISSING_KEY", "INVALID_KEY"]).toContain(body.error.code);
    }
  });

  it("answers 401 for revoked and expired keys, but accepts a key inside its rotation overlap", async () => {
    const revoked = await createTestKey(teamId, { revokedAt: new Date(Date.now() - 1000) });
    const expired = await createTestKey(teamId, { expiresAt: new Date(Date.now() - 1000) });
    const rotating = await createTestKey(teamId, { revokedAt: new Date(Date.now() + 60_000) });
    expect((await report(ok, bearer(revoked.secret))).body.error.code).toBe("KEY_REVOKED");
    expect((await report(ok, bearer(expired.secret))).body.error.code).toBe("KEY_EXPIRED");
    expect((await report(ok, bearer(rotating.secret))).status).toBe(202);
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
      [{ ...ok, colour: "blue" }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await report(body, bearer(secret));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const bad = await api.post(USAGE, "{nope", bearer(secret));
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
    const batch = await report({ events }, bearer(secret));
    expect(batch.status).toBe(202);
    expect(batch.body).toEqual({ accepted: 4 });
    const single = await report({ status: 200, latencyMs: 50 }, bearer(secret));
    expect(single.body).toEqual({ accepted: 1 });

    flushUsage();
    const raw = await db.usageEvent.findMany({ where: { keyId: key.id }, orderBy: { ts: "asc" } });
    expect(raw).toHaveLength(5);
    expect(raw[0]).toMatchObject({ kind: "report", outcome: "2xx", status: 200, latencyMs: 100, model: "claude-sonnet-4-5", inputTokens: 10, outputTokens: 20, teamId });
    expect(raw.map((e) => e.outcome)).toEqual(["2xx", "2xx", "4xx", "5xx", "2xx"]);

    const rollups = await db.usageRollup.findMany({ where: { keyId: key.id }, orderBy: { bucketStart: "asc" } });
    const minutes = rollups.filter((r) => r.granularity === "minute");
    const hours = rollups.filter((r) => r.granularity === "hour");
    expect(minutes).toHaveLength(4); // hh:30 (2 events), hh:31, hh+1:30, now
    expect(minutes[0]).toMatchObject({ bucketStart: BigInt(at), requests: 2, status2xx: 2, latencyCount: 2, latencySum: 400n, inputTokens: 15n, outputTokens: 25n });
    expect(hours[0]).toMatchObject({ bucketStart: BigInt(at - 30 * 60_000), requests: 3, status2xx: 2, status4xx: 1 });
    expect(hours[1]).toMatchObject({ requests: 1, status5xx: 1 });
    const totals = rollups.filter((r) => r.granularity === "day").reduce((n, r) => n + r.requests, 0);
    expect(totals).toBe(5);

    const updated = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(updated.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
