/**
 * What the gateway records, read back from the database after the usage
 * buffer is flushed: the counted tokens and cost equal what the fake
 * upstream sent, in the raw event, the rollups and the month's spend, however
 * the request ended.
 */
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { periodOf } from "../budgets/period";
import type { FakeUsage } from "./testing/fake-upstream";
import { createGatewayKey, startGatewayServer, type TestGateway } from "./testing/start-gateway-server";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGatewayServer();
});
afterAll(() => gw.close());
beforeEach(() => gw.fake.reset());

const ask = { model: "claude-sonnet-5", max_tokens: 500, messages: [{ role: "user" as const, content: "Count me" }] };

/** claude-sonnet-5's seeded price: $3 / $15 / $3.75 / $0.30 per million input, output, cache-write and cache-read tokens. */
const sonnetCost = (u: FakeUsage) =>
  Math.round((u.input_tokens * 3_000_000 + u.output_tokens * 15_000_000 + u.cache_creation_input_tokens * 3_750_000 + u.cache_read_input_tokens * 300_000) / 1_000_000);

async function gatewayEvents(keyId: string) {
  await gw.flush();
  return db.usageEvent.findMany({ where: { keyId, kind: "gateway" }, orderBy: { id: "asc" } });
}

function expectTokens(event: { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; costMicros: bigint }, sent: FakeUsage) {
  expect({ i: event.inputTokens, o: event.outputTokens, w: event.cacheWriteTokens, r: event.cacheReadTokens, cost: Number(event.costMicros) }).toEqual({
    i: sent.input_tokens,
    o: sent.output_tokens,
    w: sent.cache_creation_input_tokens,
    r: sent.cache_read_input_tokens,
    cost: sonnetCost(sent),
  });
}

describe("metering", () => {
  it("a JSON answer: one gateway event with the upstream's tokens and their catalogue cost, in the rollups and the month's spend", async () => {
    const { secret, keyId, teamId } = await createGatewayKey();
    gw.fake.setBehaviour({ cacheWriteTokens: 1200, cacheReadTokens: 3400 });
    await gw.client(secret).messages.create(ask);
    const sent = gw.fake.requests[0].usage!;
    const [event] = await gatewayEvents(keyId);
    expectTokens(event, sent);
    expect(event).toMatchObject({ status: 200, outcome: "2xx", model: "claude-sonnet-5", ttftMs: null, fallbackPriced: false });
    expect(event.latencyMs).toBeGreaterThanOrEqual(0);

    const day = await db.usageRollup.findMany({ where: { keyId, granularity: "day" } });
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ model: "claude-sonnet-5", verifications: 1, valid: 1, requests: 1, status2xx: 1 });
    expect([day[0].inputTokens, day[0].outputTokens, day[0].cacheWriteTokens, day[0].cacheReadTokens, day[0].costMicros]).toEqual(
      [sent.input_tokens, sent.output_tokens, 1200, 3400, sonnetCost(sent)].map(BigInt),
    );
    const spend = await db.spendCounter.findMany({ where: { teamId, period: periodOf(Date.now()) }, orderBy: { scope: "asc" } });
    expect(spend.map((s) => [s.scope, Number(s.spentMicros)])).toEqual([["key", sonnetCost(sent)], ["team", sonnetCost(sent)]]);
    expect((await db.apiKey.findUnique({ where: { id: keyId } }))?.lastUsedAt).not.toBeNull();
  });

  it("a stream: input and cache from message_start, output from the last cumulative message_delta (not their sum), and the time to first token", async () => {
    const { secret, keyId } = await createGatewayKey();
    gw.fake.setBehaviour({ deltas: 6, usageEvery: 2, eventDelayMs: 10, cacheReadTokens: 77 });
    const message = await gw.client(secret).messages.stream(ask).finalMessage();
    const sent = gw.fake.requests[0].usage!;
    expect(sent.output_tokens).toBe(30);
    expect(message.usage.output_tokens).toBe(30);
    const [event] = await gatewayEvents(keyId);
    expectTokens(event, sent);
    expect(event.ttftMs).not.toBeNull();
    expect(event.ttftMs!).toBeGreaterThanOrEqual(20);
    expect(event.latencyMs!).toBeGreaterThanOrEqual(event.ttftMs!);
  });

  it("a client that goes away mid-stream aborts the upstream request, and is billed for what was sent", async () => {
    const { secret, keyId } = await createGatewayKey();
    gw.fake.setBehaviour({ mode: "hang", deltas: 10, failAfterDeltas: 4, usageEvery: 1 });
    const controller = new AbortController();
    const stream = gw.client(secret).messages.stream(ask, { signal: controller.signal });
    let deltas = 0;
    stream.on("text", () => {
      if (++deltas === 3) controller.abort();
    });
    await expect(stream.finalMessage()).rejects.toThrow();
    await gw.fake.clientsGone(1);
    expect(gw.fake.requests[0].clientGone).toBe(true);
    const sent = gw.fake.requests[0].usage!;
    expect(sent.output_tokens).toBeGreaterThanOrEqual(15);
    await expect.poll(async () => (await gatewayEvents(keyId)).length).toBe(1);
    const [event] = await gatewayEvents(keyId);
    expect(event).toMatchObject({ status: 200, outcome: "client_closed" });
    // Whatever the upstream had said by the time it saw the disconnect: message_start's input, the last cumulative output.
    expectTokens(event, sent);
    expect(gw.gateway.active.size).toBe(0);
  });

  it("count_tokens is recorded with its status and no tokens or cost", async () => {
    const { secret, keyId } = await createGatewayKey();
    await gw.client(secret).messages.countTokens({ model: ask.model, messages: ask.messages });
    const [event] = await gatewayEvents(keyId);
    expect(event).toMatchObject({ status: 200, inputTokens: 0, outputTokens: 0, costMicros: 0n });
  });

  it("upstream errors are recorded with their status and no cost", async () => {
    const { secret, keyId } = await createGatewayKey();
    gw.fake.once({ mode: "overloaded" });
    await expect(gw.client(secret).messages.create(ask)).rejects.toMatchObject({ status: 529 });
    gw.fake.once({ mode: "stream_error", deltas: 3, failAfterDeltas: 1 });
    await expect(gw.client(secret).messages.stream(ask).finalMessage()).rejects.toThrow();
    const events = await gatewayEvents(keyId);
    expect(events.map((e) => [e.status, e.outcome])).toEqual([[529, "5xx"], [200, "stream_error"]]);
    expect(Number(events[0].costMicros)).toBe(0);
    // The stream that failed after its start is billed for its input, like any early end.
    expect(events[1].inputTokens).toBe(gw.fake.requests[1].usage!.input_tokens);
  });

  it("respects backpressure: a client that stops reading pauses the upstream instead of filling Gatehouse's memory", async () => {
    const { secret } = await createGatewayKey();
    gw.fake.setBehaviour({ deltas: 200_000 });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${gw.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" } }, resolve);
      req.on("error", reject);
      req.end(JSON.stringify({ ...ask, stream: true }));
    });
    res.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [exchange] = gw.gateway.active as Set<unknown> as Set<{ res: http.ServerResponse; upstreamRes: http.IncomingMessage }>;
    expect(exchange).toBeDefined();
    expect(exchange.upstreamRes.isPaused()).toBe(true);
    // What Gatehouse holds for this client is about one socket buffer, not the ~20 MB the upstream is sending.
    expect(exchange.res.writableLength).toBeLessThan(1024 * 1024);
    res.destroy();
    await expect.poll(() => gw.gateway.active.size).toBe(0);
  });

  it("an upstream that cannot be reached is a 502 api_error, recorded", async () => {
    const down = await startGatewayServer({ env: { ANTHROPIC_UPSTREAM_URL: "http://127.0.0.1:9" } });
    try {
      const { secret, keyId } = await createGatewayKey();
      await expect(down.client(secret).messages.create(ask)).rejects.toMatchObject({ status: 502, error: { error: { type: "api_error" } } });
      await down.flush();
      const [event] = await db.usageEvent.findMany({ where: { keyId, kind: "gateway" } });
      expect(event).toMatchObject({ status: 502, outcome: "upstream_failed", costMicros: 0n });
    } finally {
      await down.close();
    }
  });

  it("an upstream connection lost mid-stream ends the partner's stream with an error event, billed for what was sent", async () => {
    const broken = await startGatewayServer({ upstream: { mode: "hang", deltas: 5, failAfterDeltas: 2, usageEvery: 1 } });
    try {
      const { secret, keyId } = await createGatewayKey();
      const res = await fetch(`${broken.base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify({ ...ask, stream: true }) });
      const reader = res.body!.getReader();
      let text = "";
      while (!text.includes("output_tokens\":10")) text += new TextDecoder().decode((await reader.read()).value);
      await broken.fake.close();
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      expect(text).toMatch(/event: error\ndata: .*"api_error"/);
      await broken.flush();
      const [event] = await db.usageEvent.findMany({ where: { keyId, kind: "gateway" } });
      expect(event).toMatchObject({ status: 200, outcome: "upstream_failed", outputTokens: 10 });
    } finally {
      await broken.close().catch(() => {});
    }
  });
});
