/**
 * The verify pipeline with governed keys, on the real server and database
 * (both engines): every check and code, at its boundaries. Time-dependent
 * limits are driven through verifyKey with an explicit clock; everything else
 * through HTTP with a service token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyKey, type VerifyRequest } from "../api/verify-key";
import { createServiceToken, createTestKey, startApiServer, type TestApi } from "../api/test-helpers";
import { db } from "../db";
import { announceServiceTokenChange } from "../operator/service-token-changes";
import { announceCatalogueChange } from "../pricing/changes";
import { announceKeyChange } from "../store/key-changes";
import { makeTeam } from "../testing/factories";
import { periodEnd } from "../budgets/period";

const VERIFY = "/api/v1/keys/verify";
const USAGE = "/api/v1/usage";
let api: TestApi;

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

async function verify(body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await api.post(VERIFY, body, headers);
  return { status: res.status, body: await res.json() };
}

async function teamWithKey(policy: Parameters<typeof db.apiKey.update>[0]["data"] = {}, team: Parameters<typeof db.team.update>[0]["data"] = {}) {
  const { team: t } = await makeTeam(["owner"]);
  if (Object.keys(team).length) await db.team.update({ where: { id: t.id }, data: team });
  const { key, secret } = await createTestKey(t.id);
  if (Object.keys(policy).length) await db.apiKey.update({ where: { id: key.id }, data: policy });
  announceKeyChange({ keyIds: [key.id], teamIds: [t.id] });
  return { teamId: t.id, keyId: key.id, secret };
}

/** Verifies at a chosen instant, through the same dependencies the server uses. */
function verifyAt(request: VerifyRequest, now: number) {
  return Promise.resolve(verifyKey(api.runtime, request, now));
}

describe("service tokens on /api/v1", () => {
  it("answers 401 JSON without a token, with a malformed or unknown one, and with a partner's key", async () => {
    const { secret } = await teamWithKey();
    for (const authorization of ["", "Bearer nope", "Bearer gks_" + "a".repeat(46), `Bearer ${secret}`]) {
      const { status, body } = await verify({ key: secret }, { authorization });
      expect(status, authorization).toBe(401);
      expect(body.error.code).toMatch(/SERVICE_TOKEN/);
    }
    const usage = await api.post(USAGE, { key: secret, status: 200, latencyMs: 5 }, { authorization: `Bearer ${secret}` });
    expect(usage.status).toBe(401);
  });

  it("refuses a revoked token on the very next request", async () => {
    const token = await createServiceToken("Soon revoked");
    const { secret } = await teamWithKey();
    const auth = { authorization: `Bearer ${token.secret}` };
    expect((await verify({ key: secret }, auth)).status).toBe(200);
    await db.serviceToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    announceServiceTokenChange();
    const { status, body } = await verify({ key: secret }, auth);
    expect(status).toBe(401);
    expect(body.error.code).toBe("SERVICE_TOKEN_REVOKED");
  });

  it("records when a token was last used", async () => {
    const token = await createServiceToken("Touched");
    const { secret } = await teamWithKey();
    await verify({ key: secret }, { authorization: `Bearer ${token.secret}` });
    await expect.poll(async () => (await db.serviceToken.findUnique({ where: { id: token.id } }))?.lastUsedAt).not.toBeNull();
  });
});

describe("request validation", () => {
  it("answers 400 for a bad ip, an empty model and a negative or fractional estimate", async () => {
    const { secret } = await teamWithKey();
    for (const extra of [{ ip: "300.1.1.1" }, { ip: "example.com" }, { model: "" }, { estimatedTokens: -1 }, { estimatedTokens: 1.5 }]) {
      const { status, body } = await verify({ key: secret, ...extra });
      expect(status, JSON.stringify(extra)).toBe(400);
      expect(body.error.code).toBe("INVALID_REQUEST");
    }
  });
});

describe("VALID with the limits in effect", () => {
  it("answers limits null for a key without policy", async () => {
    const { secret } = await teamWithKey();
    const { body } = await verify({ key: secret });
    expect(body).toMatchObject({ valid: true, code: "VALID", limits: { requests: null, tokens: null, budget: null } });
  });

  it("states requests, tokens and budget remaining", async () => {
    const { secret } = await teamWithKey({ rpmLimit: 10, tpmLimit: 10_000, budgetMicros: 5_000_000 });
    const { body } = await verify({ key: secret, estimatedTokens: 1000 });
    expect(body.code).toBe("VALID");
    expect(body.limits.requests).toMatchObject({ limit: 10, remaining: 9 });
    expect(body.limits.tokens).toMatchObject({ limit: 10_000, remaining: 9000 });
    expect(body.limits.budget).toMatchObject({ scope: "key", limitMicros: 5_000_000, remainingMicros: 5_000_000, resetAt: new Date(periodEnd(Date.now())).toISOString() });
    expect(body.reservation).toMatchObject({ tokens: 1000 });
    expect(body.reservation.id).toMatch(/^rsv_/);
  });
});

describe("TEAM_SUSPENDED", () => {
  it("refuses every key of a suspended team on the next request, and lets them through once resumed", async () => {
    const { secret, teamId } = await teamWithKey();
    expect((await verify({ key: secret })).body.code).toBe("VALID");
    await db.team.update({ where: { id: teamId }, data: { suspendedAt: new Date() } });
    announceKeyChange({ teamIds: [teamId] });
    expect((await verify({ key: secret })).body).toMatchObject({ valid: false, code: "TEAM_SUSPENDED" });
    await db.team.update({ where: { id: teamId }, data: { suspendedAt: null } });
    announceKeyChange({ teamIds: [teamId] });
    expect((await verify({ key: secret })).body.code).toBe("VALID");
  });

  it("answers REVOKED before TEAM_SUSPENDED: the key's own state comes first", async () => {
    const { secret } = await teamWithKey({ revokedAt: new Date(Date.now() - 1000) }, { suspendedAt: new Date() });
    expect((await verify({ key: secret })).body.code).toBe("REVOKED");
  });
});

describe("IP_NOT_ALLOWED", () => {
  const allowlist = JSON.stringify(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]);

  it("admits addresses inside the ranges, first and last included, and refuses those just outside", async () => {
    const { secret } = await teamWithKey({ ipAllowlist: allowlist });
    const cases: [string, string][] = [
      ["10.0.0.0", "VALID"],
      ["10.255.255.255", "VALID"],
      ["11.0.0.0", "IP_NOT_ALLOWED"],
      ["9.255.255.255", "IP_NOT_ALLOWED"],
      ["192.0.2.7", "VALID"],
      ["192.0.2.8", "IP_NOT_ALLOWED"],
      ["2001:db8::", "VALID"],
      ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "VALID"],
      ["2001:db9::", "IP_NOT_ALLOWED"],
      ["::ffff:10.1.2.3", "VALID"],
    ];
    for (const [ip, code] of cases) expect((await verify({ key: secret, ip })).body.code, ip).toBe(code);
  });

  it("refuses a request that does not say the caller's address, with a message saying so", async () => {
    const { secret } = await teamWithKey({ ipAllowlist: allowlist });
    const { body } = await verify({ key: secret });
    expect(body).toMatchObject({ valid: false, code: "IP_NOT_ALLOWED" });
    expect(body.message).toMatch(/"ip"/);
  });

  it("lets any address through when the list is empty", async () => {
    const { secret } = await teamWithKey();
    expect((await verify({ key: secret, ip: "203.0.113.9" })).body.code).toBe("VALID");
  });
});

describe("MODEL_NOT_ALLOWED", () => {
  it("admits only the listed models, and refuses a request that names none", async () => {
    const { secret } = await teamWithKey({ allowedModels: JSON.stringify(["claude-haiku-4-5"]) });
    expect((await verify({ key: secret, model: "claude-haiku-4-5" })).body.code).toBe("VALID");
    expect((await verify({ key: secret, model: "claude-sonnet-5" })).body).toMatchObject({ valid: false, code: "MODEL_NOT_ALLOWED" });
    expect((await verify({ key: secret })).body.code).toBe("MODEL_NOT_ALLOWED");
  });

  it("with all models allowed, admits a model not in the catalogue but never one the operator turned off", async () => {
    const { secret } = await teamWithKey();
    expect((await verify({ key: secret, model: "brand-new-model" })).body.code).toBe("VALID");
    await db.model.create({ data: { id: "test-disabled-model", displayName: "Off", enabled: false } });
    await api.runtime.catalogue.reload();
    expect((await verify({ key: secret, model: "test-disabled-model" })).body.code).toBe("MODEL_NOT_ALLOWED");
  });
});

describe("RATE_LIMITED (GCRA, per minute)", () => {
  it("admits exactly the limit at once, refuses the next with when to retry, and admits again one interval later", async () => {
    const { secret } = await teamWithKey({ rpmLimit: 5 });
    const t0 = Date.UTC(2026, 11, 1, 12, 0, 59, 500);
    for (let i = 0; i < 5; i++) {
      const r = await verifyAt({ key: secret }, t0);
      expect(r.code, `request ${i + 1}`).toBe("VALID");
      if (r.valid) expect(r.limits.requests?.remaining).toBe(4 - i);
    }
    const sixth = await verifyAt({ key: secret }, t0);
    expect(sixth).toMatchObject({ valid: false, code: "RATE_LIMITED", limit: "requests", scope: "key", retryAfter: 12 });
    // No fixed window: the minute boundary a second later does not open the limit.
    expect((await verifyAt({ key: secret }, t0 + 1000)).code).toBe("RATE_LIMITED");
    expect((await verifyAt({ key: secret }, t0 + 12_000)).code).toBe("VALID");
    expect((await verifyAt({ key: secret }, t0 + 12_000)).code).toBe("RATE_LIMITED");
  });

  it("applies the team's limit from the operator across all its keys", async () => {
    const { teamId, secret } = await teamWithKey({}, { rpmLimit: 3 });
    const { secret: other } = await createTestKey(teamId);
    const t0 = Date.UTC(2026, 11, 2, 8);
    expect((await verifyAt({ key: secret }, t0)).code).toBe("VALID");
    expect((await verifyAt({ key: other }, t0)).code).toBe("VALID");
    expect((await verifyAt({ key: secret }, t0)).code).toBe("VALID");
    expect(await verifyAt({ key: other }, t0)).toMatchObject({ code: "RATE_LIMITED", scope: "team", limit: "requests" });
  });

  it("follows the operator's default plan when the team has no override", async () => {
    const settings = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: 1 } });
    try {
      const { secret } = await teamWithKey();
      const t0 = Date.UTC(2026, 11, 3, 8);
      expect((await verifyAt({ key: secret }, t0)).code).toBe("VALID");
      expect((await verifyAt({ key: secret }, t0)).code).toBe("RATE_LIMITED");
    } finally {
      await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: settings.defaultRpmLimit } });
    }
  });

  it("does not count a refused request against the limit", async () => {
    const { secret } = await teamWithKey({ rpmLimit: 1, allowedModels: JSON.stringify(["claude-haiku-4-5"]) });
    const t0 = Date.UTC(2026, 11, 4, 8);
    for (let i = 0; i < 3; i++) expect((await verifyAt({ key: secret, model: "claude-opus-5" }, t0)).code).toBe("MODEL_NOT_ALLOWED");
    expect((await verifyAt({ key: secret, model: "claude-haiku-4-5" }, t0)).code).toBe("VALID");
  });

  it("reserves estimated tokens, refuses what does not fit, and settles the difference when usage is reported", async () => {
    const { secret, keyId } = await teamWithKey({ tpmLimit: 1000 });
    const first = await verify({ key: secret, estimatedTokens: 600 });
    expect(first.body.code).toBe("VALID");
    expect(first.body.limits.tokens.remaining).toBe(400);
    const second = await verify({ key: secret, estimatedTokens: 600 });
    expect(second.body).toMatchObject({ code: "RATE_LIMITED", limit: "tokens", scope: "key" });
    // The request used 100 tokens, not 600: 500 come back.
    const report = await api.post(USAGE, { keyId, status: 200, latencyMs: 10, inputTokens: 60, outputTokens: 40, reservation: first.body.reservation.id });
    expect(report.status).toBe(202);
    const third = await verify({ key: secret, estimatedTokens: 600 });
    expect(third.body.code).toBe("VALID");
    // Settling the same reservation twice gives nothing back the second time.
    await api.post(USAGE, { keyId, status: 200, latencyMs: 10, inputTokens: 0, reservation: first.body.reservation.id });
    expect((await verify({ key: secret, estimatedTokens: 600 })).body.code).toBe("RATE_LIMITED");
  });

  it("refuses an estimate larger than the whole limit without waiting", async () => {
    const { secret } = await teamWithKey({ tpmLimit: 100 });
    const { body } = await verify({ key: secret, estimatedTokens: 101 });
    expect(body).toMatchObject({ code: "RATE_LIMITED", limit: "tokens", retryAfter: null });
  });

  it("counts reported tokens without a reservation, so an overdrawn bucket refuses the next request", async () => {
    const { secret, keyId } = await teamWithKey({ tpmLimit: 1000 });
    expect((await api.post(USAGE, { keyId, status: 200, latencyMs: 10, inputTokens: 5000 })).status).toBe(202);
    expect((await verify({ key: secret })).body).toMatchObject({ code: "RATE_LIMITED", limit: "tokens" });
  });
});

describe("BUDGET_EXCEEDED and cost", () => {
  // claude-sonnet-5 is seeded at $3 per million input tokens: 100,000 input tokens cost $0.30.
  const report = (keyId: string, inputTokens: number, extra: Record<string, unknown> = {}) =>
    api.post(USAGE, { keyId, status: 200, latencyMs: 100, model: "claude-sonnet-5", inputTokens, ...extra });

  it("prices reported usage from the catalogue in micro-dollars and refuses once the key's budget is used up", async () => {
    const { secret, keyId } = await teamWithKey({ budgetMicros: 1_000_000 });
    const first = await report(keyId, 300_000);
    expect(await first.json()).toEqual({ accepted: 1, costMicros: 900_000 });
    let v = await verify({ key: secret });
    expect(v.body.code).toBe("VALID");
    expect(v.body.limits.budget).toMatchObject({ scope: "key", spentMicros: 900_000, remainingMicros: 100_000 });
    // One request crosses the budget: it is recorded in full, and the next verification is refused.
    await report(keyId, 40_000);
    v = await verify({ key: secret });
    expect(v.body).toMatchObject({ valid: false, code: "BUDGET_EXCEEDED", scope: "key", resetAt: new Date(periodEnd(Date.now())).toISOString() });
    expect(v.body.message).toMatch(/\$1\.00/);
    await api.flush();
    const events = await db.usageEvent.findMany({ where: { keyId, kind: "report" } });
    expect(events.map((e) => Number(e.costMicros)).sort()).toEqual([120_000, 900_000]);
  });

  it("refuses at exactly the budget, not only above it", async () => {
    const { secret, keyId } = await teamWithKey({ budgetMicros: 300_000 });
    await report(keyId, 100_000);
    expect((await verify({ key: secret })).body.code).toBe("BUDGET_EXCEEDED");
  });

  it("applies the team's budget and the operator's spend cap to every key of the team", async () => {
    const a = await teamWithKey({}, { budgetMicros: 500_000 });
    const { secret: sibling } = await createTestKey(a.teamId);
    await report(a.keyId, 200_000);
    expect((await verify({ key: sibling })).body.code).toBe("BUDGET_EXCEEDED");
    expect((await verify({ key: sibling })).body.scope).toBe("team");
    const b = await teamWithKey({}, { spendCapMicros: 100_000 });
    await report(b.keyId, 40_000);
    expect((await verify({ key: b.secret })).body).toMatchObject({ code: "BUDGET_EXCEEDED", scope: "team_cap" });
  });

  it("still refuses after the spend is written and the cache reloads (the database total, not only this process's memory)", async () => {
    const { secret, keyId } = await teamWithKey({ budgetMicros: 100_000 });
    await report(keyId, 100_000);
    await api.flush();
    announceKeyChange({ keyIds: [keyId] });
    expect((await verify({ key: secret })).body.code).toBe("BUDGET_EXCEEDED");
    const counter = await db.spendCounter.findFirst({ where: { scope: "key", scopeId: keyId } });
    expect(Number(counter?.spentMicros)).toBe(300_000);
  });

  it("prices a model not in the catalogue at the operator's fallback and flags it", async () => {
    const { keyId } = await teamWithKey();
    const res = await api.post(USAGE, { keyId, status: 200, latencyMs: 1, model: "legacy-model", inputTokens: 1_000_000 });
    // The seeded fallback is $15 per million input tokens.
    expect(await res.json()).toEqual({ accepted: 1, costMicros: 15_000_000 });
    await api.flush();
    const [event] = await db.usageEvent.findMany({ where: { keyId } });
    expect(event.fallbackPriced).toBe(true);
  });

  it("prices cache writes and reads at their own rates", async () => {
    const { keyId } = await teamWithKey();
    // claude-haiku-4-5: $1 input, $5 output, $1.25 cache write, $0.10 cache read per million.
    const res = await api.post(USAGE, {
      keyId, status: 200, latencyMs: 1, model: "claude-haiku-4-5",
      inputTokens: 1_000_000, outputTokens: 1_000_000, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000,
    });
    expect((await res.json()).costMicros).toBe(7_350_000);
  });

  it("applies a price change from that moment on: an event from before keeps the old price", async () => {
    const modelId = `test-priced-${Date.now()}`;
    await db.model.create({ data: { id: modelId, displayName: "Priced", prices: { create: { effectiveFrom: 0n, inputPerMTok: 2_000_000, outputPerMTok: 0, cacheWritePerMTok: 0, cacheReadPerMTok: 0 } } } });
    const changedAt = Date.now() - 60_000;
    await db.modelPrice.create({ data: { modelId, effectiveFrom: BigInt(changedAt), inputPerMTok: 4_000_000, outputPerMTok: 0, cacheWritePerMTok: 0, cacheReadPerMTok: 0 } });
    announceCatalogueChange();
    await api.runtime.catalogue.reload();
    const { keyId } = await teamWithKey();
    const before = await api.post(USAGE, { keyId, status: 200, latencyMs: 1, model: modelId, inputTokens: 1_000_000, timestamp: changedAt - 1 });
    const after = await api.post(USAGE, { keyId, status: 200, latencyMs: 1, model: modelId, inputTokens: 1_000_000 });
    expect((await before.json()).costMicros).toBe(2_000_000);
    expect((await after.json()).costMicros).toBe(4_000_000);
  });
});

describe("usage reports name their key", () => {
  it("accepts events by key id or by key, several keys in one report, and refuses the whole report for an unknown key", async () => {
    const a = await teamWithKey();
    const b = await teamWithKey();
    const ok = await api.post(USAGE, { events: [{ keyId: a.keyId, status: 200, latencyMs: 1 }, { key: b.secret, status: 500, latencyMs: 1 }] });
    expect(ok.status).toBe(202);
    const bad = await api.post(USAGE, { events: [{ keyId: a.keyId, status: 200, latencyMs: 1 }, { keyId: "no-such-key", status: 200, latencyMs: 1 }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ path: "events.1.keyId", message: "No such key." }]);
    const none = await api.post(USAGE, { status: 200, latencyMs: 1 });
    expect(none.status).toBe(400);
    await api.flush();
    expect(await db.usageEvent.count({ where: { keyId: a.keyId, kind: "report" } })).toBe(1);
    expect(await db.usageEvent.count({ where: { keyId: b.keyId, kind: "report" } })).toBe(1);
  });
});
