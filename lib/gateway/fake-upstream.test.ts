/** The fake upstream speaks the Messages API well enough for the official SDK, called directly. */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "./testing/fake-upstream";

let fake: FakeUpstream;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeUpstream({ apiKey: "sk-upstream" });
  client = new Anthropic({ baseURL: fake.url, apiKey: "sk-upstream", maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const ask = { model: "claude-sonnet-5", max_tokens: 100, messages: [{ role: "user" as const, content: "Hello" }] };

describe("fake upstream", () => {
  it("answers JSON with deterministic usage and records the request", async () => {
    const message = await client.messages.create(ask);
    expect(message.content).toEqual([{ type: "text", text: "word1 word2 word3 " }]);
    expect(message.usage.output_tokens).toBe(15);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].usage?.input_tokens).toBe(message.usage.input_tokens);
    expect(fake.requests[0].headers.authorization).toBe("Bearer sk-upstream");
  });

  it("streams every event type, with cumulative usage in message_delta", async () => {
    fake.setBehaviour({ deltas: 4, usageEvery: 2, cacheReadTokens: 30 });
    const stream = client.messages.stream(ask);
    const types: string[] = [];
    stream.on("streamEvent", (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(types).toEqual([
      "message_start", "content_block_start", "content_block_delta", "content_block_delta",
      "message_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
    ]);
    expect(message.usage.output_tokens).toBe(20);
    expect(message.usage.cache_read_input_tokens).toBe(30);
    expect(fake.requests[0].usage?.output_tokens).toBe(20);
  });

  it("counts tokens, lists models, and answers errors on demand", async () => {
    const counted = await client.messages.countTokens({ model: ask.model, messages: ask.messages });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect((await client.models.list()).data.map((m) => m.id)).toContain("claude-sonnet-5");
    fake.once({ mode: "overloaded" });
    await expect(client.messages.create(ask)).rejects.toMatchObject({ status: 529 });
    fake.once({ mode: "rate_limited" });
    await expect(client.messages.create(ask)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(new Anthropic({ baseURL: fake.url, apiKey: "wrong", maxRetries: 0 }).messages.create(ask)).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
  });

  it("hangs mid-stream until the client goes away, and says so", async () => {
    fake.setBehaviour({ mode: "hang", deltas: 5, failAfterDeltas: 2 });
    const controller = new AbortController();
    const stream = client.messages.stream(ask, { signal: controller.signal });
    let deltas = 0;
    stream.on("text", () => {
      if (++deltas === 2) controller.abort();
    });
    await expect(stream.finalMessage()).rejects.toThrow();
    await fake.clientsGone(1);
    expect(fake.requests[0].clientGone).toBe(true);
  });
});
