import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseMeter, usageFromJson } from "./sse-meter";

const event = (type: string, data: unknown, eol = "\n") => `event: ${type}${eol}data: ${JSON.stringify(data)}${eol}${eol}`;

function stream(options: { eol?: string; bigDelta?: number; deltas?: number[] } = {}): string {
  const eol = options.eol ?? "\n";
  const parts = [
    event("message_start", { type: "message_start", message: { id: "msg_1", model: "claude-sonnet-5", usage: { input_tokens: 120, cache_creation_input_tokens: 30, cache_read_input_tokens: 400, output_tokens: 1 } } }, eol),
    event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, eol),
    event("ping", { type: "ping" }, eol),
    event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "x".repeat(options.bigDelta ?? 5) } }, eol),
  ];
  for (const output of options.deltas ?? [7, 19]) {
    parts.push(event("message_delta", { type: "message_delta", delta: { stop_reason: null }, usage: { output_tokens: output } }, eol));
  }
  parts.push(event("message_stop", { type: "message_stop" }, eol));
  return parts.join("");
}

function meterOf(chunks: Buffer[]): SseMeter {
  const meter = new SseMeter();
  chunks.forEach((chunk, i) => meter.push(chunk, 1000 + i));
  return meter;
}

describe("SseMeter", () => {
  it("reads input and cache tokens from message_start and the LAST cumulative output count (never a sum)", () => {
    const meter = meterOf([Buffer.from(stream())]);
    expect(meter).toMatchObject({ inputTokens: 120, cacheWriteTokens: 30, cacheReadTokens: 400, outputTokens: 19, sawStop: true, sawError: false });
    expect(meter.firstDeltaAt).toBe(1000);
  });

  it("gives the same counts however the stream is cut into chunks, with \\n or \\r\\n", () => {
    const whole = Buffer.from(stream({ eol: "\r\n" }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), whole.length];
        const chunks = points.slice(1).map((end, i) => whole.subarray(points[i], end));
        const meter = meterOf(chunks);
        expect([meter.inputTokens, meter.cacheWriteTokens, meter.cacheReadTokens, meter.outputTokens]).toEqual([120, 30, 400, 19]);
        expect(meter.sawStop).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Byte by byte.
    const meter = meterOf([...whole].map((b) => Buffer.from([b])));
    expect(meter.outputTokens).toBe(19);
  });

  it("skips a content delta far larger than any line it keeps, and notes the time of the first one", () => {
    const whole = Buffer.from(stream({ bigDelta: 3 * 1024 * 1024 }));
    const chunks: Buffer[] = [];
    for (let i = 0; i < whole.length; i += 64 * 1024) chunks.push(whole.subarray(i, i + 64 * 1024));
    const meter = meterOf(chunks);
    expect(meter.outputTokens).toBe(19);
    expect(meter.inputTokens).toBe(120);
    expect(meter.firstDeltaAt).toBeGreaterThanOrEqual(1000);
  });

  it("a stream cut early keeps what it had said: message_start's input and the last output count seen", () => {
    const text = stream({ deltas: [7, 19] });
    const cut = text.indexOf("event: message_delta", text.indexOf("event: message_delta") + 1);
    const meter = meterOf([Buffer.from(text.slice(0, cut + 10))]);
    expect(meter).toMatchObject({ inputTokens: 120, outputTokens: 7, sawStop: false });
  });

  it("notes an error event, and ignores data it cannot read", () => {
    const meter = meterOf([
      Buffer.from(event("message_start", { message: { usage: { input_tokens: 5, output_tokens: 1 } } })),
      Buffer.from("event: message_delta\ndata: {not json\n\n"),
      Buffer.from(event("message_delta", { usage: { output_tokens: -3 } })),
      Buffer.from(event("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } })),
    ]);
    expect(meter).toMatchObject({ inputTokens: 5, outputTokens: 1, sawError: true });
  });
});

describe("usageFromJson", () => {
  const answer = (text: string) => ({
    id: "msg_1", type: "message", content: [{ type: "text", text }], stop_reason: "end_turn",
    usage: { input_tokens: 11, cache_creation_input_tokens: 2, cache_read_input_tokens: 3, output_tokens: 44, service_tier: "standard", server_tool_use: { web_search_requests: 0 } },
  });

  it("reads the usage object of a Messages answer", () => {
    expect(usageFromJson(Buffer.from(JSON.stringify(answer("hi"))))).toEqual({ inputTokens: 11, outputTokens: 44, cacheWriteTokens: 2, cacheReadTokens: 3 });
  });

  it("is not fooled by text that mentions usage, wherever the usage key sits", () => {
    const tricky = answer('"usage": {"input_tokens": 999999} and } { braces');
    expect(usageFromJson(Buffer.from(JSON.stringify(tricky)))?.inputTokens).toBe(11);
    const { usage, ...rest } = tricky;
    const usageFirst = { usage, ...rest, content: [{ type: "text", text: '"usage":{"output_tokens":5}' }] };
    expect(usageFromJson(Buffer.from(JSON.stringify(usageFirst)))?.outputTokens).toBe(44);
  });

  it("answers null for an answer without usage or not JSON", () => {
    expect(usageFromJson(Buffer.from('{"type":"error"}'))).toBeNull();
    expect(usageFromJson(Buffer.from("<html>"))).toBeNull();
  });
});
