/**
 * What the gateway records into the metrics: every answer of /v1/messages,
 * /v1/messages/count_tokens and /v1/models by status class, and for messages
 * forwarded upstream their duration (JSON and streamed apart) and, streamed,
 * the time to the first token.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../keys/format";
import { createGatewayKey, startGatewayServer, type TestGateway } from "../gateway/testing/start-gateway-server";
import { currentSamples, valueOf, type Sample } from "./testing/prometheus-text";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGatewayServer();
});
afterAll(() => gw.close());

const ask = { model: "claude-sonnet-5", max_tokens: 200, messages: [{ role: "user" as const, content: "Time me" }] };
const answered = (s: Sample[], endpoint: string, outcome: string) => valueOf(s, "gatehouse_http_requests_total", { endpoint, outcome }) ?? 0;
const timed = (s: Sample[], statusClass: string, stream: string) =>
  valueOf(s, "gatehouse_gateway_duration_seconds_count", { status_class: statusClass, stream }) ?? 0;
const ttft = (s: Sample[]) => valueOf(s, "gatehouse_gateway_ttft_seconds_count") ?? 0;

describe("gateway metrics", () => {
  it("times a JSON answer and a streamed one apart, and the stream's first token", async () => {
    const { secret } = await createGatewayKey();
    const before = await currentSamples();
    await gw.client(secret).messages.create(ask);
    await gw.client(secret).messages.stream(ask).finalMessage();
    await gw.flush();
    const after = await currentSamples();
    expect(answered(after, "gateway_messages", "2xx") - answered(before, "gateway_messages", "2xx")).toBe(2);
    expect(timed(after, "2xx", "false") - timed(before, "2xx", "false")).toBe(1);
    expect(timed(after, "2xx", "true") - timed(before, "2xx", "true")).toBe(1);
    expect(ttft(after) - ttft(before)).toBe(1);
  });

  it("counts refusals and the other endpoints by status class, without timing what was never forwarded", async () => {
    const { secret } = await createGatewayKey();
    const before = await currentSamples();
    await expect(gw.client(generateKey("production")).messages.create(ask)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await gw.client(secret).messages.countTokens({ model: ask.model, messages: ask.messages });
    await gw.client(secret).models.list();
    await gw.flush();
    const after = await currentSamples();
    expect(answered(after, "gateway_messages", "4xx") - answered(before, "gateway_messages", "4xx")).toBe(1);
    expect(answered(after, "gateway_count_tokens", "2xx") - answered(before, "gateway_count_tokens", "2xx")).toBe(1);
    expect(answered(after, "gateway_models", "2xx") - answered(before, "gateway_models", "2xx")).toBe(1);
    for (const [statusClass, stream] of [["2xx", "false"], ["4xx", "false"], ["2xx", "true"]]) {
      expect(timed(after, statusClass, stream)).toBe(timed(before, statusClass, stream));
    }
  });
});
