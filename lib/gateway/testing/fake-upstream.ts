/**
 * A fake Anthropic Messages API on loopback, for the gateway's tests and the
 * gateway benchmark: a real `http` server that answers `POST /v1/messages`
 * (JSON, or a real SSE stream with message_start, content_block_start, ping,
 * content_block_delta, content_block_stop, message_delta and message_stop),
 * `POST /v1/messages/count_tokens` and `GET /v1/models`, with deterministic
 * usage, and errors on demand (529 overloaded, 429 with its own rate-limit
 * headers, an `error` event after a 200, a stream that hangs until the client
 * goes away). Every request is recorded (unless `record: false`), with the
 * usage it was answered with, so tests compare what Gatehouse counted with
 * what was really sent.
 *
 * Standalone: scripts/fake-anthropic.ts.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeMode =
  /** A normal answer. */
  | "ok"
  /** 529 overloaded_error, like Anthropic under load. */
  | "overloaded"
  /** 429 rate_limit_error with the upstream's own anthropic-ratelimit-* and retry-after headers. */
  | "rate_limited"
  /** Streams only: a 200 stream that sends an `error` event (overloaded_error) after `failAfterDeltas` deltas and ends. */
  | "stream_error"
  /** Streams only: stops after `failAfterDeltas` deltas and waits, without ending, until the client goes away. */
  | "hang";

export type FakeBehaviour = {
  mode: FakeMode;
  /** Text deltas per answer (the JSON answer's text is the same words). */
  deltas: number;
  /** Output tokens each delta stands for (the answer's output_tokens, capped by max_tokens). */
  tokensPerDelta: number;
  /** Pause between SSE events, ms (0: all at once). */
  eventDelayMs: number;
  /** Pause before the answer's headers, ms. */
  headerDelayMs: number;
  /** Where "stream_error" and "hang" stop. */
  failAfterDeltas: number;
  /** Emit an intermediate message_delta with the cumulative usage so far after every this many deltas (0: only the last). */
  usageEvery: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** Extra headers on every answer (pass-through tests). */
  headers: Readonly<Record<string, string>>;
  /** Send a `request-id` header (req_fake_…); false sends none, so the gateway must mint one. */
  sendRequestId: boolean;
};

export const DEFAULT_FAKE_BEHAVIOUR: FakeBehaviour = {
  mode: "ok",
  deltas: 3,
  tokensPerDelta: 5,
  eventDelayMs: 0,
  headerDelayMs: 0,
  failAfterDeltas: 1,
  usageEvery: 0,
  cacheWriteTokens: 0,
  cacheReadTokens: 0,
  headers: {},
  sendRequestId: true,
};

export type FakeUsage = { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the answer said the request used (the last cumulative counts sent; null for errors and non-message calls). */
  usage: FakeUsage | null;
  /** The request id the answer carried, if any. */
  requestId: string | null;
  /** The client closed the connection before the answer was complete. */
  clientGone: boolean;
};

export type FakeUpstreamOptions = Partial<FakeBehaviour> & {
  port?: number;
  host?: string;
  /** The upstream key callers must send (x-api-key or Authorization: Bearer); unset accepts any. */
  apiKey?: string;
  /** Keep a record of each request (off for benchmarks). Default true. */
  record?: boolean;
};

export type FakeUpstream = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Changes the behaviour of every later request. */
  setBehaviour(change: Partial<FakeBehaviour>): void;
  /** Changes the behaviour of the next request only (queued: call twice for two requests). */
  once(change: Partial<FakeBehaviour>): void;
  /** Back to the options it was started with; clears the record and the queue. */
  reset(): void;
  /** Resolves when `count` clients in total have gone away before their answer was complete. */
  clientsGone(count?: number): Promise<void>;
  /** How many clients went away before their answer was complete. */
  readonly goneCount: number;
  close(): Promise<void>;
};

export const FAKE_MODELS = [
  { id: "claude-opus-5", display_name: "Claude Opus 5", created_at: "2026-09-01T00:00:00Z" },
  { id: "claude-sonnet-5", display_name: "Claude Sonnet 5", created_at: "2026-09-01T00:00:00Z" },
  { id: "claude-haiku-4-5", display_name: "Claude Haiku 4.5", created_at: "2025-10-01T00:00:00Z" },
];

type MessagesBody = { model?: unknown; max_tokens?: unknown; stream?: unknown; messages?: unknown; system?: unknown };

/** Deterministic input tokens for a request: a quarter of its prompt's JSON size, plus a small overhead. */
export function fakeInputTokens(body: MessagesBody): number {
  return 7 + Math.ceil(Buffer.byteLength(JSON.stringify([body.system ?? null, body.messages ?? null])) / 4);
}

const errorBody = (type: string, message: string) => JSON.stringify({ type: "error", error: { type, message } });
const sse = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const { port = 0, host = "127.0.0.1", apiKey, record = true, ...initial } = options;
  const base: FakeBehaviour = { ...DEFAULT_FAKE_BEHAVIOUR, ...initial };
  let behaviour = base;
  let queue: Partial<FakeBehaviour>[] = [];
  const requests: RecordedRequest[] = [];
  let gone = 0;
  let goneWaiters: { count: number; resolve: () => void }[] = [];

  const noteGone = (entry: RecordedRequest | null) => {
    gone++;
    if (entry) entry.clientGone = true;
    goneWaiters = goneWaiters.filter((w) => (gone >= w.count ? (w.resolve(), false) : true));
  };

  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const current = queue.length > 0 ? { ...behaviour, ...queue.shift() } : behaviour;
      const url = req.url ?? "/";
      const path = url.split("?")[0];
      const body = Buffer.concat(chunks).toString("utf8");
      const entry: RecordedRequest | null = record
        ? { method: req.method ?? "", path, headers: req.headers, body, usage: null, requestId: null, clientGone: false }
        : null;
      if (entry) requests.push(entry);
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => {
        if (!finished) noteGone(entry);
      });
      void answer(req.method ?? "", path, body, current, res, entry).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(errorBody("api_error", error.message));
      });
    });
  });

  async function answer(method: string, path: string, raw: string, b: FakeBehaviour, res: http.ServerResponse, entry: RecordedRequest | null) {
    const requestId = b.sendRequestId ? `req_fake_${crypto.randomBytes(9).toString("hex")}` : null;
    if (entry) entry.requestId = requestId;
    const headers = (contentType: string): http.OutgoingHttpHeaders => ({
      "content-type": contentType,
      ...(requestId ? { "request-id": requestId } : {}),
      ...b.headers,
    });
    const send = (status: number, text: string, extra: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { ...headers("application/json"), ...extra, "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (b.headerDelayMs > 0) await sleep(b.headerDelayMs);

    // Anthropic takes its key in x-api-key or as a bearer token (recent SDKs send the latter).
    const auth = res.req.headers.authorization;
    const given = res.req.headers["x-api-key"] ?? (auth?.startsWith("Bearer ") ? auth.slice(7) : undefined);
    if (apiKey !== undefined && given !== apiKey) return send(401, errorBody("authentication_error", "invalid x-api-key"));
    if (method === "GET" && path === "/v1/models") {
      const data = FAKE_MODELS.map((m) => ({ type: "model", ...m }));
      return send(200, JSON.stringify({ data, first_id: data[0].id, last_id: data[data.length - 1].id, has_more: false }));
    }
    if (method !== "POST" || (path !== "/v1/messages" && path !== "/v1/messages/count_tokens")) {
      return send(404, errorBody("not_found_error", `Not found: ${method} ${path}`));
    }
    let body: MessagesBody;
    try {
      body = JSON.parse(raw) as MessagesBody;
      if (typeof body !== "object" || body === null) throw new Error("not an object");
    } catch {
      return send(400, errorBody("invalid_request_error", "The request body is not valid JSON."));
    }
    if (typeof body.model !== "string") return send(400, errorBody("invalid_request_error", "model: Field required"));
    if (b.mode === "overloaded") return send(529, errorBody("overloaded_error", "Overloaded"));
    if (b.mode === "rate_limited") {
      const reset = new Date(Date.now() + 7000).toISOString().replace(/\.\d{3}Z$/, "Z");
      return send(429, errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"), {
        "retry-after": "7",
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": reset,
        "anthropic-ratelimit-tokens-limit": "40000",
        "anthropic-ratelimit-tokens-remaining": "0",
        "anthropic-ratelimit-tokens-reset": reset,
      });
    }
    const input = fakeInputTokens(body);
    if (path === "/v1/messages/count_tokens") return send(200, JSON.stringify({ input_tokens: input }));

    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 1024;
    const perDelta = Math.max(1, b.tokensPerDelta);
    const usage: FakeUsage = {
      input_tokens: input,
      cache_creation_input_tokens: b.cacheWriteTokens,
      cache_read_input_tokens: b.cacheReadTokens,
      output_tokens: Math.min(maxTokens, b.deltas * perDelta),
    };
    const capped = b.deltas * perDelta > maxTokens;
    const id = `msg_fake_${crypto.randomBytes(9).toString("hex")}`;
    const words = Array.from({ length: b.deltas }, (_, i) => `word${i + 1} `);

    if (body.stream !== true) {
      if (entry) entry.usage = usage;
      return send(
        200,
        JSON.stringify({
          id, type: "message", role: "assistant", model: body.model,
          content: [{ type: "text", text: words.join("") }],
          stop_reason: capped ? "max_tokens" : "end_turn", stop_sequence: null, usage,
        }),
      );
    }

    res.writeHead(200, { ...headers("text/event-stream; charset=utf-8"), "cache-control": "no-cache" });
    const sent: FakeUsage = { ...usage, output_tokens: 1 };
    if (entry) entry.usage = sent;
    const write = async (text: string) => {
      if (res.destroyed) return false;
      res.write(text);
      if (b.eventDelayMs > 0) await sleep(b.eventDelayMs);
      return !res.destroyed;
    };
    const message = { id, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: sent };
    if (!(await write(sse("message_start", { type: "message_start", message: { ...message, usage: { ...sent } } })))) return;
    if (!(await write(sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } })))) return;
    if (!(await write(sse("ping", { type: "ping" })))) return;
    for (let i = 0; i < b.deltas; i++) {
      if ((b.mode === "stream_error" || b.mode === "hang") && i === b.failAfterDeltas) {
        if (b.mode === "stream_error") {
          res.end(sse("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
        }
        // "hang": never end; the client's disconnect is what finishes this answer.
        return;
      }
      if (!(await write(sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: words[i] } })))) return;
      if (b.usageEvery > 0 && (i + 1) % b.usageEvery === 0 && i + 1 < b.deltas) {
        sent.output_tokens = Math.min(maxTokens, (i + 1) * perDelta);
        const partial = { type: "message_delta", delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: sent.output_tokens } };
        if (!(await write(sse("message_delta", partial)))) return;
      }
    }
    if (!(await write(sse("content_block_stop", { type: "content_block_stop", index: 0 })))) return;
    sent.output_tokens = usage.output_tokens;
    const last = {
      type: "message_delta",
      delta: { stop_reason: capped ? "max_tokens" : "end_turn", stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    };
    if (!(await write(sse("message_delta", last)))) return;
    res.end(sse("message_stop", { type: "message_stop" }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    requests,
    setBehaviour(change) {
      behaviour = { ...behaviour, ...change };
    },
    once(change) {
      queue.push(change);
    },
    reset() {
      behaviour = base;
      queue = [];
      requests.length = 0;
    },
    clientsGone(count = gone + 1) {
      if (gone >= count) return Promise.resolve();
      return new Promise<void>((resolve) => goneWaiters.push({ count, resolve }));
    },
    get goneCount() {
      return gone;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
