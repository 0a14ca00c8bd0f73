/**
 * Every refusal of the gateway through the official SDK: the right status,
 * error type and SDK class, the headers an SDK paces itself by, and what is
 * recorded. The decisions come from the verify pipeline itself.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { generateKey } from "../keys/format";
import { createTestKey } from "../api/test-helpers";
import { periodLabel, periodOf } from "../budgets/period";
import { createGatewayKey, startGatewayServer, type TestGateway } from "./testing/start-gateway-server";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGatewayServer();
});
afterAll(() => gw.close());
beforeEach(() => gw.fake.reset());

const ask = { model: "claude-sonnet-5", max_tokens: 200, messages: [{ role: "user" as const, content: "Hello" }] };
const post = (headers: Record<string, string>, body: unknown = ask) =>
  fetch(`${gw.base}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error;
    throw error;
  }
  throw new Error("the request was not refused");
}

async function eventsOf(keyId: string) {
  await gw.flush();
  return db.usageEvent.findMany({ where: { keyId }, orderBy: { id: "asc" } });
}

describe("authentication", () => {
  it("answers 401 authentication_error for no key, a malformed, unknown, revoked or expired key; nothing goes upstream", async () => {
    const team = (await createGatewayKey()).teamId;
    const revoked = await createTestKey(team, { revokedAt: new Date(Date.now() - 1000) });
    const expired = await createTestKey(team, { expiresAt: new Date(Date.now() - 1000) });
    for (const secret of ["gk_live_nope", generateKey("production"), revoked.secret, expired.secret]) {
      const error = await rejection(gw.client(secret).messages.create(ask));
      expect(error, secret).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(error.error).toMatchObject({ type: "error", error: { type: "authentication_error" } });
      expect(error.requestID).toMatch(/^req_/);
    }
    const none = await post({});
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/x-api-key/);
    expect(gw.fake.requests).toHaveLength(0);
    // Refused keys that exist are recorded once, by the verify pipeline, as for /api/v1/keys/verify.
    expect((await eventsOf(revoked.key.id)).map((e) => [e.kind, e.outcome])).toEqual([["verify", "REVOKED"]]);
  });
});

describe("permissions", () => {
  it("answers 403 permission_error for a model the key may not use, an address outside its allowlist, and a suspended team", async () => {
    const oneModel = await createGatewayKey({ allowedModels: ["claude-haiku-4-5"] });
    const elsewhere = await createGatewayKey({ ipAllowlist: ["10.0.0.0/8"] });
    const suspended = await createGatewayKey({}, { suspendedAt: new Date() });
    const cases: [string, RegExp][] = [
      [oneModel.secret, /may not use the model claude-sonnet-5/],
      [elsewhere.secret, /may not be used from 127\.0\.0\.1/],
      [suspended.secret, /suspended/],
    ];
    for (const [secret, message] of cases) {
      const error = await rejection(gw.client(secret).messages.create(ask));
      expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(error.status).toBe(403);
      expect(error.message).toMatch(message);
    }
    // The allowed model works with the same key.
    expect((await gw.client(oneModel.secret).messages.create({ ...ask, model: "claude-haiku-4-5" })).type).toBe("message");
    expect(gw.fake.requests).toHaveLength(1);
    expect((await eventsOf(oneModel.keyId)).map((e) => [e.kind, e.outcome, e.model])).toEqual([
      ["verify", "MODEL_NOT_ALLOWED", "claude-sonnet-5"],
      ["verify", "VALID", "claude-haiku-4-5"],
      ["gateway", "2xx", "claude-haiku-4-5"],
    ]);
  });
});

describe("rate limits", () => {
  it("RPM: the second request in a minute gets 429 rate_limit_error with retry-after and anthropic-ratelimit-requests-*", async () => {
    const { secret } = await createGatewayKey({ rpmLimit: 1 });
    const first = await gw.client(secret).messages.create(ask).withResponse();
    expect(first.response.headers.get("anthropic-ratelimit-requests-limit")).toBe("1");
    expect(first.response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    const res = await post({ "x-api-key": secret });
    expect(res.status).toBe(429);
    expect((await res.json()).error.type).toBe("rate_limit_error");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("anthropic-ratelimit-requests-limit")).toBe("1");
    expect(res.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    const reset = res.headers.get("anthropic-ratelimit-requests-reset")!;
    expect(new Date(reset).toISOString()).toBe(reset);
    expect(Date.parse(reset)).toBeGreaterThan(Date.now());
    await expect(gw.client(secret).messages.create(ask)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    expect(gw.fake.requests).toHaveLength(1);
  });

  it("TPM: max_tokens plus the input estimate is reserved while a request runs, settled on its real tokens when it ends", async () => {
    const { secret } = await createGatewayKey({ tpmLimit: 1000 });
    gw.fake.setBehaviour({ mode: "hang", deltas: 5, failAfterDeltas: 1 });
    const running = await post({ "x-api-key": secret }, { ...ask, max_tokens: 600, stream: true });
    expect(running.headers.get("anthropic-ratelimit-tokens-limit")).toBe("1000");
    // Reserved: 600 + ceil(body bytes / 4) of the 1000.
    expect(Number(running.headers.get("anthropic-ratelimit-tokens-remaining"))).toBeLessThan(400);
    const reader = running.body!.getReader();
    await reader.read();
    const res = await post({ "x-api-key": secret }, { ...ask, max_tokens: 600 });
    expect(res.status).toBe(429);
    expect((await res.json()).error.type).toBe("rate_limit_error");
    expect(res.headers.get("anthropic-ratelimit-tokens-limit")).toBe("1000");
    expect(Number(res.headers.get("anthropic-ratelimit-tokens-remaining"))).toBeLessThan(400);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The client gives up on the first: its reservation settles on what it used (its input and one output token).
    await reader.cancel();
    await gw.fake.clientsGone(1);
    gw.fake.setBehaviour({ mode: "ok" });
    await expect.poll(async () => (await post({ "x-api-key": secret }, { ...ask, max_tokens: 600 })).status).toBe(200);
  });

  it("a request larger than the whole token limit is refused without an invitation to retry", async () => {
    const { secret } = await createGatewayKey({ tpmLimit: 100 });
    const res = await post({ "x-api-key": secret }, { ...ask, max_tokens: 5000 });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(res.headers.get("retry-after")).toBeNull();
  });
});

describe("budgets", () => {
  it("over budget: 429 billing_error, x-should-retry: false, the period and its reset named; the SDK does not retry", async () => {
    // 100 micro-dollars: the first request (about 276) uses it up.
    const { secret, keyId } = await createGatewayKey({ budgetMicros: 100 });
    await gw.client(secret).messages.create(ask);
    const error = await rejection(gw.client(secret, { maxRetries: 2 }).messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.error).toMatchObject({ error: { type: "billing_error" } });
    expect(error.headers?.get("x-should-retry")).toBe("false");
    const message = (error.error as { error: { message: string } }).error.message;
    expect(message).toContain(periodLabel(periodOf(Date.now())));
    expect(message).toMatch(/This key's monthly budget of \$0\.0001 for \w+ \d{4} is used up; it resets on \w+ 1, \d{4} at 00:00 UTC\./);
    // One upstream call (the first request), and exactly one refused attempt: no retries.
    expect(gw.fake.requests).toHaveLength(1);
    const refused = (await eventsOf(keyId)).filter((e) => e.outcome === "BUDGET_EXCEEDED");
    expect(refused).toHaveLength(1);
  });

  it("the team's budget refuses too, naming the team", async () => {
    const { secret } = await createGatewayKey({}, { budgetMicros: 0n });
    const res = await post({ "x-api-key": secret });
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatchObject({ type: "billing_error", message: expect.stringMatching(/^The team's monthly budget/) });
  });
});

describe("bad requests", () => {
  it("answers 400 invalid_request_error for a body that is not JSON or lacks a model; an unknown key still gets 401", async () => {
    const { secret } = await createGatewayKey();
    for (const body of ["{not json", "[1,2]", JSON.stringify({ max_tokens: 10, messages: [] }), JSON.stringify({ ...ask, model: 42 }), JSON.stringify({ ...ask, max_tokens: "many" })]) {
      const res = await post({ "x-api-key": secret }, body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.type).toBe("invalid_request_error");
    }
    await expect(gw.client(secret).messages.create({ ...ask, model: "" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expect((await post({ "x-api-key": generateKey("production") }, "{not json")).status).toBe(401);
    expect(gw.fake.requests).toHaveLength(0);
  });

  it("answers 413 request_too_large past 32 MiB without reading it all", async () => {
    const { secret } = await createGatewayKey();
    const res = await fetch(`${gw.base}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": secret, "content-type": "application/json", "content-length": String(33 * 1024 * 1024) },
      body: "x".repeat(33 * 1024 * 1024),
    }).catch((error: Error) => error);
    if (res instanceof Error) throw res;
    expect(res.status).toBe(413);
    expect((await res.json()).error.type).toBe("request_too_large");
  });
});

describe("an unknown key", () => {
  it("is refused from its headers alone: the answer comes before the body is sent", async () => {
    const { request } = await import("node:http");
    const url = new URL(`${gw.base}/v1/messages`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "x-api-key": generateKey("production"), "content-type": "application/json", "content-length": String(8 * 1024 * 1024) } });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on("error", (error) => (error.message.includes("socket hang up") ? undefined : reject(error)));
      // Only the first kilobyte of the announced 8 MiB is ever sent.
      req.write("x".repeat(1024));
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.type).toBe("authentication_error");
    expect(gw.fake.requests).toHaveLength(0);
  });
});

describe("without an upstream key", () => {
  it("answers every gateway request 503 with a clear message, and the verify API still works", async () => {
    const bare = await startGatewayServer({ noUpstreamKey: true });
    try {
      const { secret } = await createGatewayKey();
      const error = await rejection(bare.client(secret).messages.create(ask));
      expect(error.status).toBe(503);
      expect(error.error).toMatchObject({ error: { type: "api_error", message: expect.stringMatching(/no upstream configured.*ANTHROPIC_UPSTREAM_API_KEY/) } });
      const models = await fetch(`${bare.base}/v1/models`, { headers: { "x-api-key": secret } });
      expect(models.status).toBe(503);
      expect(bare.fake.requests).toHaveLength(0);
      const verify = await fetch(`${bare.base}/api/v1/keys/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(verify.status).toBe(401);
      expect((await verify.json()).error.code).toMatch(/SERVICE_TOKEN/);
    } finally {
      await bare.close();
    }
  });
});
