/**
 * The gateway through the official SDK, unmodified, with baseURL = Gatehouse:
 * the real server, the real fake upstream over HTTP, the test database.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { announceCatalogueChange } from "../pricing/changes";
import { fakeInputTokens } from "./testing/fake-upstream";
import { createGatewayKey, startGatewayServer, TEST_UPSTREAM_KEY, type TestGateway } from "./testing/start-gateway-server";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGatewayServer();
});
afterAll(() => gw.close());
beforeEach(() => gw.fake.reset());

const ask = { model: "claude-sonnet-5", max_tokens: 200, messages: [{ role: "user" as const, content: "Hello, gateway" }] };

describe("Messages through the SDK", () => {
  it("creates a message: the upstream's answer comes back unchanged, with a request-id", async () => {
    const { secret } = await createGatewayKey();
    const { data: message, response, request_id } = await gw.client(secret).messages.create(ask).withResponse();
    expect(message.content).toEqual([{ type: "text", text: "word1 word2 word3 " }]);
    expect(message.usage).toMatchObject({ input_tokens: gw.fake.requests[0].usage!.input_tokens, output_tokens: 15 });
    expect(request_id).toBe(gw.fake.requests[0].requestId);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends the body bytes and anthropic-* headers unchanged, the upstream's key and never the partner's", async () => {
    const { secret } = await createGatewayKey();
    const body = '{"model":"claude-sonnet-5",  "max_tokens":50,"messages":[{"role":"user","content":"spacing \\u00e9 kept"}]}';
    const res = await fetch(`${gw.base}/v1/messages?beta=true`, {
      method: "POST",
      headers: {
        "x-api-key": secret,
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "prompt-caching-2024-07-31",
        "anthropic-custom-thing": "yes",
        cookie: "session=abc",
        "x-forwarded-for": "203.0.113.9",
      },
      body,
    });
    expect(res.status).toBe(200);
    const seen = gw.fake.requests[0];
    expect(seen.path).toBe("/v1/messages");
    expect(seen.body).toBe(body);
    expect(seen.headers).toMatchObject({
      "x-api-key": TEST_UPSTREAM_KEY,
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "prompt-caching-2024-07-31",
      "anthropic-custom-thing": "yes",
      "content-type": "application/json",
      "accept-encoding": "identity",
    });
    expect(JSON.stringify(seen.headers)).not.toContain(secret);
    for (const name of ["authorization", "cookie", "x-forwarded-for", "x-real-ip"]) expect(seen.headers[name], name).toBeUndefined();
  });

  it("takes the key as a bearer token too (what recent SDKs send), and still sends only the upstream's key", async () => {
    const { secret } = await createGatewayKey();
    await gw.client(secret).messages.create(ask);
    const seen = gw.fake.requests[0];
    expect(seen.headers["x-api-key"]).toBe(TEST_UPSTREAM_KEY);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it("passes the answer's headers through except hop-by-hop, cookies and the upstream's rate limits; mints a request-id when there is none", async () => {
    const { secret } = await createGatewayKey({ rpmLimit: 100 });
    gw.fake.setBehaviour({ sendRequestId: false, headers: { "x-upstream-thing": "kept", "set-cookie": "cf=1", "anthropic-ratelimit-requests-limit": "4000", "retry-after": "3" } });
    const res = await fetch(`${gw.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify(ask) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-upstream-thing")).toBe("kept");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("retry-after")).toBeNull();
    expect(res.headers.get("anthropic-ratelimit-requests-limit")).toBe("100");
    expect(res.headers.get("request-id")).toMatch(/^req_gh[0-9A-Za-z]{12}/);
  });

  it("streams with messages.stream and finalMessage(), relaying every event including ping", async () => {
    const { secret } = await createGatewayKey();
    gw.fake.setBehaviour({ deltas: 5, eventDelayMs: 5, cacheReadTokens: 40 });
    const stream = gw.client(secret).messages.stream(ask);
    const types: string[] = [];
    stream.on("streamEvent", (e) => types.push(e.type));
    const message = await stream.finalMessage();
    expect(message.content[0]).toMatchObject({ type: "text", text: "word1 word2 word3 word4 word5 " });
    expect(message.usage.output_tokens).toBe(25);
    expect(message.usage.cache_read_input_tokens).toBe(40);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    const raw = await fetch(`${gw.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify({ ...ask, stream: true }) });
    expect(raw.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await raw.text()).toContain("event: ping\ndata: {\"type\":\"ping\"}");
  });

  it("relays an error event after a 200 as such: the SDK raises it", async () => {
    const { secret } = await createGatewayKey();
    gw.fake.setBehaviour({ mode: "stream_error", deltas: 4, failAfterDeltas: 2 });
    const stream = gw.client(secret).messages.stream(ask);
    await expect(stream.finalMessage()).rejects.toThrow(/overloaded/i);
  });

  it("relays the upstream's 529 and 429 (with its retry-after, without its rate-limit headers); the SDK retries them", async () => {
    const { secret } = await createGatewayKey();
    gw.fake.once({ mode: "overloaded" });
    const res = await fetch(`${gw.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify(ask) });
    expect(res.status).toBe(529);
    expect(await res.json()).toEqual({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    gw.fake.once({ mode: "rate_limited" });
    const limited = await fetch(`${gw.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify(ask) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("anthropic-ratelimit-tokens-remaining")).toBeNull();
    gw.fake.reset();
    gw.fake.once({ mode: "overloaded" });
    const message = await gw.client(secret, { maxRetries: 1 }).messages.create(ask);
    expect(message.type).toBe("message");
    expect(gw.fake.requests).toHaveLength(2);
  });

  it("counts tokens through the upstream", async () => {
    const { secret } = await createGatewayKey({ allowedModels: ["claude-sonnet-5"] });
    const counted = await gw.client(secret).messages.countTokens({ model: "claude-sonnet-5", messages: ask.messages });
    expect(counted.input_tokens).toBe(fakeInputTokens(JSON.parse(gw.fake.requests[0].body)));
    expect(gw.fake.requests[0].path).toBe("/v1/messages/count_tokens");
    await expect(gw.client(secret).messages.countTokens({ model: "claude-opus-5", messages: ask.messages })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});

describe("GET /v1/models", () => {
  it("lists the key's allowed, enabled models in Anthropic's shape, answered by Gatehouse", async () => {
    const all = await createGatewayKey();
    const listed = await gw.client(all.secret).models.list();
    const ids = listed.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["claude-opus-5", "claude-sonnet-5", "claude-haiku-4-5"]));
    expect(listed.data[0]).toMatchObject({ type: "model", display_name: expect.any(String), created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const one = await createGatewayKey({ allowedModels: ["claude-haiku-4-5", "not-in-catalogue"] });
    const res = await fetch(`${gw.base}/v1/models`, { headers: { "x-api-key": one.secret } });
    expect(await res.json()).toEqual({
      data: [{ type: "model", id: "claude-haiku-4-5", display_name: "Claude Haiku 4.5", created_at: expect.any(String) }],
      first_id: "claude-haiku-4-5",
      last_id: "claude-haiku-4-5",
      has_more: false,
    });
    expect((await gw.client(one.secret).models.retrieve("claude-haiku-4-5")).id).toBe("claude-haiku-4-5");
    await expect(gw.client(one.secret).models.retrieve("claude-opus-5")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect(gw.fake.requests).toHaveLength(0);
  });

  it("leaves out a model the operator turned off, and pages with limit and after_id", async () => {
    await db.model.update({ where: { id: "claude-opus-5" }, data: { enabled: false } });
    announceCatalogueChange();
    await gw.runtime.catalogue.reload();
    try {
      const { secret } = await createGatewayKey();
      const page = await (await fetch(`${gw.base}/v1/models?limit=1`, { headers: { "x-api-key": secret } })).json();
      expect(page.data).toHaveLength(1);
      expect(page.has_more).toBe(true);
      const next = await (await fetch(`${gw.base}/v1/models?limit=10&after_id=${page.last_id}`, { headers: { "x-api-key": secret } })).json();
      expect(next.has_more).toBe(false);
      const ids = [...page.data, ...next.data].map((m: { id: string }) => m.id);
      expect(ids).not.toContain("claude-opus-5");
      expect(ids).toEqual(expect.arrayContaining(["claude-sonnet-5", "claude-haiku-4-5"]));
      const bad = await fetch(`${gw.base}/v1/models?limit=0`, { headers: { "x-api-key": secret } });
      expect(bad.status).toBe(400);
    } finally {
      await db.model.update({ where: { id: "claude-opus-5" }, data: { enabled: true } });
      await gw.runtime.catalogue.reload();
    }
  });
});

describe("paths and methods", () => {
  it("answers unknown /v1 paths and wrong methods in Anthropic's error shape", async () => {
    const { secret } = await createGatewayKey();
    const unknown = await fetch(`${gw.base}/v1/complete`, { method: "POST", headers: { "x-api-key": secret } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.type).toBe("not_found_error");
    const wrong = await fetch(`${gw.base}/v1/messages`, { headers: { "x-api-key": secret } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("request-id")).toMatch(/^req_/);
    expect((await wrong.json()).type).toBe("error");
  });
});

describe("long answers", () => {
  it("are not cut by the server's request or idle timeouts (which are for slow clients, not slow upstreams)", async () => {
    const slow = await startGatewayServer({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 500, idleTimeoutMs: 500, timeoutCheckIntervalMs: 100 } });
    try {
      const { secret } = await createGatewayKey();
      slow.fake.setBehaviour({ deltas: 6, eventDelayMs: 200 });
      const streamed = await slow.client(secret).messages.stream(ask).finalMessage();
      expect(streamed.usage.output_tokens).toBe(30);
      slow.fake.setBehaviour({ headerDelayMs: 1200, eventDelayMs: 0 });
      const waited = await slow.client(secret).messages.create(ask);
      expect(waited.type).toBe("message");
      // The connection's idle timeout is back for whatever it carries next.
      slow.fake.setBehaviour({ headerDelayMs: 0 });
      expect((await slow.client(secret).messages.create(ask)).type).toBe("message");
    } finally {
      await slow.close();
    }
  });
});
