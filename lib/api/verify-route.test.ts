import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { db } from "../db";
import { generateKey } from "../keys/format";
import { revokeApiKey } from "../keys/revoke";
import { rotateApiKey } from "../keys/rotate";
import { holdUsageWriteLock } from "../store/test-support";
import { makeTeam } from "../testing/factories";
import { DEFAULT_USAGE_BUFFER, UsageBuffer } from "../usage/buffer";
import { lookupCounter } from "./key-lookup";
import { verifyRateLimit } from "./rate-limit";
import { createTestKey, startApiServer, type TestApi } from "./test-helpers";

const VERIFY = "/api/v1/keys/verify";
let api: TestApi;
let teamId: string;
let owner: Actor;
let defaultUsage: UsageBuffer;

beforeAll(async () => {
  api = await startApiServer();
  defaultUsage = api.runtime.usage;
  const { team, members } = await makeTeam(["owner"]);
  teamId = team.id;
  owner = members.owner.actor;
});
afterAll(() => api.close());
// The handlers read their dependencies from the runtime on every call, so a test can swap one.
beforeEach(() => {
  api.runtime.rateLimit = null;
  api.runtime.usage = defaultUsage;
});

async function verify(key: unknown) {
  const res = await api.post(VERIFY, { key });
  return { status: res.status, body: await res.json() };
}

async function eventsOf(keyId: string) {
  await api.flush();
  return db.usageEvent.findMany({ where: { keyId }, orderBy: { id: "asc" } });
}

describe("POST /api/v1/keys/verify", () => {
  it("answers VALID with the key's metadata for a live key and records a usage event", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const { key, secret } = await createTestKey(teamId, { environment: "development", name: "CI", expiresAt });
    const { status, body } = await verify(secret);
    expect(status).toBe(200);
    expect(body).toEqual({
      valid: true,
      code: "VALID",
      keyId: key.id,
      teamId,
      environment: "development",
      name: "CI",
      expiresAt: expiresAt.toISOString(),
      limits: { requests: null, tokens: null, budget: null },
    });
    const events = await eventsOf(key.id);
    expect(events.map((e) => [e.kind, e.outcome])).toEqual([["verify", "VALID"]]);
  });

  it("answers NOT_FOUND without key details for a well-formed unknown key", async () => {
    const { status, body } = await verify(generateKey("production"));
    expect(status).toBe(200);
    expect(body).toEqual({ valid: false, code: "NOT_FOUND" });
  });

  it("answers MALFORMED for bad prefix, length or checksum without touching the database", async () => {
    const good = generateKey("production");
    const badChecksum = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    const before = lookupCounter.count;
    for (const key of ["", "hello", "sk_live_" + good.slice(8), good.slice(0, -2), good + "x", badChecksum]) {
      const { status, body } = await verify(key);
      expect(status).toBe(200);
      expect(body).toEqual({ valid: false, code: "MALFORMED" });
    }
    expect(lookupCounter.count).toBe(before);
    // The counter does move for a well-formed key, so the check above can fail.
    await verify(good);
    expect(lookupCounter.count).toBe(before + 1);
  });

  it("answers EXPIRED once expiresAt has passed and records the outcome", async () => {
    const { key, secret } = await createTestKey(teamId, { expiresAt: new Date(Date.now() - 1000) });
    const { body } = await verify(secret);
    expect(body).toMatchObject({ valid: false, code: "EXPIRED", keyId: key.id });
    expect((await eventsOf(key.id)).map((e) => e.outcome)).toEqual(["EXPIRED"]);
  });

  it("answers REVOKED on the very next request after the key is revoked through the console's service", async () => {
    const { key, secret } = await createTestKey(teamId);
    // Twice, so that a store that caches lookups has the key cached.
    expect((await verify(secret)).body.code).toBe("VALID");
    expect((await verify(secret)).body.code).toBe("VALID");
    await revokeApiKey(owner, { teamId, keyId: key.id });
    expect((await verify(secret)).body).toMatchObject({ valid: false, code: "REVOKED", keyId: key.id });
  });

  it("keeps a rotated key's old secret VALID inside its overlap, and REVOKED on the next request once the overlap is cut short", async () => {
    const { key, secret } = await createTestKey(teamId);
    expect((await verify(secret)).body.code).toBe("VALID");
    const rotated = await rotateApiKey(owner, { teamId, keyId: key.id, overlap: "1h" });
    expect((await verify(secret)).body).toMatchObject({ valid: true, code: "VALID" });
    expect((await verify(rotated.secret)).body).toMatchObject({ valid: true, code: "VALID", keyId: rotated.key.id });
    await revokeApiKey(owner, { teamId, keyId: key.id });
    expect((await verify(secret)).body).toMatchObject({ valid: false, code: "REVOKED" });
    expect((await verify(rotated.secret)).body.code).toBe("VALID");
  });

  it("answers EXPIRED from the expiry instant on, with no change announced (expiry is judged at use time)", async () => {
    const expiresAt = new Date(Date.now() + 2000);
    const { key, secret } = await createTestKey(teamId, { expiresAt });
    expect((await verify(secret)).body.code).toBe("VALID");
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 5));
    expect((await verify(secret)).body).toMatchObject({ valid: false, code: "EXPIRED", keyId: key.id });
  });

  it("answers RATE_LIMITED past the per-minute limit when one is configured", async () => {
    api.runtime.rateLimit = verifyRateLimit(2);
    const { key, secret } = await createTestKey(teamId);
    // Windows are aligned to the minute: keep the three calls inside one window.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 3000) await new Promise((r) => setTimeout(r, toBoundary + 50));
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await verify(secret)).body.code);
    expect(codes).toEqual(["VALID", "VALID", "RATE_LIMITED"]);
    await api.flush();
    const [day] = await db.usageRollup.findMany({ where: { keyId: key.id, granularity: "day" } });
    expect(day).toMatchObject({ verifications: 3, valid: 2, rateLimited: 1 });
  });

  it("rejects malformed JSON with a 400 JSON error", async () => {
    const res = await api.post(VERIFY, '{"key": "gk_');
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: "MALFORMED_JSON", message: expect.any(String) } });
  });

  it("rejects a body without a key, a non-string key and a non-object body with 400", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /"key" field is required/],
      [{ key: null }, /"key" field is required/],
      [{ key: 42 }, /must be a string/],
      [["gk_live_x"], /JSON object/],
      ["null", /JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await api.post(VERIFY, body);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("INVALID_REQUEST");
      expect(error.message).toMatch(message);
    }
  });

  it("answers 405 JSON to another method and 404 JSON to an unknown endpoint", async () => {
    const get = await fetch(api.base + VERIFY);
    expect(get.status).toBe(405);
    expect((await get.json()).error.code).toBe("METHOD_NOT_ALLOWED");
    const missing = await api.post("/api/v1/keys/nope", {});
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
  });
});

describe("POST /api/v1/keys/verify limits", () => {
  it("answers 413 JSON to a body over 16 KiB", async () => {
    const res = await api.post(VERIFY, { key: "x".repeat(20_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("POST /api/v1/keys/verify while the database is locked", () => {
  it("keeps answering while another connection holds the write lock, and records every event once it is released", async () => {
    const { key, secret } = await createTestKey(teamId);
    const release = await holdUsageWriteLock();
    try {
      const codes: string[] = [];
      // In waves of 50 concurrent calls (the server caps connections per client address).
      for (let wave = 0; wave < 6; wave++) {
        const answers = await Promise.all(Array.from({ length: 50 }, () => verify(secret)));
        codes.push(...answers.map((a) => a.body.code));
      }
      expect(codes.filter((c) => c !== "VALID")).toEqual([]);
      expect(codes).toHaveLength(300);
      expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(0);
    } finally {
      await release();
    }
    expect(await eventsOf(key.id)).toHaveLength(300);
  });

  it("still answers when the usage buffer is full; the event is not recorded and is counted", async () => {
    const small = new UsageBuffer(api.runtime.store, { ...DEFAULT_USAGE_BUFFER, maxEvents: 3 });
    api.runtime.usage = small;
    const { key, secret } = await createTestKey(teamId);
    const release = await holdUsageWriteLock();
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await verify(secret)).body.code);
      expect(codes).toEqual(["VALID", "VALID", "VALID", "VALID", "VALID"]);
      expect(small.stats()).toMatchObject({ droppedVerify: 2 });
    } finally {
      await release();
    }
    await small.flush();
    expect(await db.usageEvent.count({ where: { keyId: key.id } })).toBe(3);
  });
});
