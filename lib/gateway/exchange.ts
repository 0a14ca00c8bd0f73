/**
 * One request through the gateway, from the partner's first byte to the
 * usage event: read the body (capped), authenticate and decide through the
 * verify pipeline, forward the same bytes upstream, relay the answer chunk by
 * chunk (pausing the upstream while the partner's socket is full), meter it on
 * the side, and record what it used when it ends, however it ends.
 *
 * Listeners are module-level functions that find their Exchange on the
 * emitter (no closures per request: tsx would wrap each in a __name() call).
 */
import type http from "node:http";
import { limitedTokens, settleTokens } from "../api/usage-route";
import { verifyFoundKey, type VerifyResult } from "../api/verify-key";
import { findKeyBySecret, keyState, type KeyRow } from "../api/key-lookup";
import { parseKey } from "../keys/format";
import { recordGatewayExchange } from "../metrics/requests";
import { MAX_TOKENS_PER_EVENT } from "../usage/events";
import { statusClass } from "../usage/rollup";
import { INVALID_KEY_MESSAGE, sendGatewayError, sendRefusal, type Header } from "./errors";
import { downstreamHeaders, rateLimitHeaders, upstreamRequestHeaders } from "./headers";
import { newRequestId } from "./request-id";
import { SseMeter, usageFromJson, type MeteredTokens } from "./sse-meter";
import { gatewayEvent } from "./usage-event";
import type { Gateway } from "./gateway";
import { MAX_REQUEST_BYTES, callerIp, fieldsSchema } from "./request";

export const MESSAGES = 0;
export const COUNT_TOKENS = 1;
type Kind = typeof MESSAGES | typeof COUNT_TOKENS;

const EXCHANGE = Symbol("gatehouse.gateway.exchange");
type Carrier = { [EXCHANGE]?: Exchange };
const exchangeOf = (emitter: object): Exchange => (emitter as Carrier)[EXCHANGE]!;

const NO_TOKENS: MeteredTokens = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });

export class Exchange {
  /** performance.now() and Date.now() when the request arrived. */
  readonly startedAt = performance.now();
  readonly ts = Date.now();
  private chunks: Buffer[] = [];
  private size = 0;
  private body: Buffer | null = null;
  private row: KeyRow | null = null;
  private model = "";
  private stream = false;
  private reservation: string | null = null;
  private rateHeaders: Header[] = [];
  private upstreamReq: http.ClientRequest | null = null;
  private upstreamRes: http.IncomingMessage | null = null;
  private meter: SseMeter | null = null;
  private jsonParts: Buffer[] | null = null;
  private status = 0;
  private retried = false;
  private socketTimeout = 0;
  /** Sent upstream: from here on the request is metered. */
  private forwarded = false;
  private done = false;

  constructor(
    private readonly gateway: Gateway,
    private readonly req: http.IncomingMessage,
    private readonly res: http.ServerResponse,
    private readonly kind: Kind,
    private readonly key: string,
  ) {}

  /** Checks the key's format, then reads the body. */
  start(): void {
    if (parseKey(this.key) === null) return sendGatewayError(this.res, 401, "authentication_error", INVALID_KEY_MESSAGE);
    const declared = Number(this.req.headers["content-length"]);
    if (declared > MAX_REQUEST_BYTES) return this.tooLarge();
    // The key is in the headers: an unknown one is refused before a byte of the body is held in memory.
    const found = findKeyBySecret(this.gateway.deps.store, this.key);
    if (found instanceof Promise) {
      found.then(
        (row) => this.readBody(row),
        (error) => this.fail(error),
      );
    } else this.readBody(found);
  }

  private readBody(row: KeyRow | undefined): void {
    if (row === undefined) {
      this.done = true;
      return sendGatewayError(this.res, 401, "authentication_error", INVALID_KEY_MESSAGE);
    }
    (this.req as Carrier)[EXCHANGE] = this;
    (this.res as Carrier)[EXCHANGE] = this;
    this.req.on("data", onBodyData);
    this.req.on("end", onBodyEnd);
    this.res.on("close", onClientClose);
  }

  bodyData(chunk: Buffer): void {
    if (this.done) return;
    this.size += chunk.length;
    if (this.size > MAX_REQUEST_BYTES) {
      this.chunks = [];
      this.tooLarge();
      return;
    }
    this.chunks.push(chunk);
  }

  private tooLarge(): void {
    this.done = true;
    this.res.setHeader("connection", "close");
    sendGatewayError(this.res, 413, "request_too_large", `The request body is larger than ${MAX_REQUEST_BYTES / (1024 * 1024)} MiB.`);
  }

  bodyEnd(): void {
    if (this.done) return;
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.body = body;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return this.invalid("The request body is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return this.invalid("The request body must be a JSON object.");
    const fields = fieldsSchema.safeParse(
      this.kind === MESSAGES ? { model: parsed.model, max_tokens: parsed.max_tokens, stream: parsed.stream } : { model: parsed.model },
    );
    if (!fields.success) {
      return this.invalid(parsed.model === undefined ? "model: Field required" : fields.error.issues[0].message);
    }
    this.model = fields.data.model;
    this.stream = fields.data.stream === true;
    // Tokens-per-minute reserve the most this request can use: max_tokens, plus its input at about 4 bytes a token.
    const estimatedTokens = this.kind === MESSAGES ? Math.min(MAX_TOKENS_PER_EVENT, (fields.data.max_tokens ?? 0) + Math.ceil(body.length / 4)) : 0;
    const deps = this.gateway.deps;
    const found = findKeyBySecret(deps.store, this.key);
    if (found instanceof Promise) {
      found.then(
        (row) => this.decide(row, estimatedTokens),
        (error) => this.fail(error),
      );
    } else this.decide(found, estimatedTokens);
  }

  private decide(row: KeyRow | undefined, estimatedTokens: number): void {
    if (this.done) return;
    const request = { key: this.key, model: this.model, ip: callerIp(this.req), estimatedTokens };
    const result = verifyFoundKey(this.gateway.deps, row, request, this.ts);
    if (result instanceof Promise) {
      result.then(
        (r) => this.decided(row!, r),
        (error) => this.fail(error),
      );
    } else this.decided(row!, result);
  }

  private decided(row: KeyRow, result: VerifyResult): void {
    if (this.done) {
      // The client left while the decision was pending: its reservation goes back.
      if (result.valid && result.reservation) settleTokens(this.gateway.deps, row, 0, [result.reservation.id], Date.now());
      return;
    }
    if (!result.valid) {
      this.done = true;
      return sendRefusal(this.res, result, this.ts);
    }
    this.row = row;
    this.reservation = result.reservation?.id ?? null;
    this.rateHeaders = rateLimitHeaders(result.limits);
    // Usage that cannot be recorded is not given away: the buffer must have room for this request's event.
    const admission = this.gateway.deps.usage.admitReports(row.teamId, 1);
    if (!admission.ok) {
      this.done = true;
      this.settle(NO_TOKENS);
      return sendGatewayError(this.res, 529, "overloaded_error", "Gatehouse cannot record usage right now. Retry shortly.", [
        ["retry-after", String(admission.retryAfterSeconds)],
      ]);
    }
    this.forward();
  }

  private forward(): void {
    const gateway = this.gateway;
    const upstream = gateway.upstream!;
    const body = this.body!;
    let req: http.ClientRequest;
    try {
      req = upstream.request("POST", this.req.url ?? "/v1/messages", upstreamRequestHeaders(this.req.rawHeaders, gateway.config.upstreamApiKey!, body.length));
    } catch {
      // A request target or header Node refuses to send (an unescaped character).
      this.done = true;
      this.settle(NO_TOKENS);
      return sendGatewayError(this.res, 400, "invalid_request_error", "The request cannot be forwarded as sent.");
    }
    if (!this.forwarded) {
      this.forwarded = true;
      gateway.active.add(this);
      // A non-streaming answer may take minutes of silence: the socket's idle timeout waits as long as the upstream's.
      const socket = this.req.socket;
      this.socketTimeout = socket.timeout ?? 0;
      socket.setTimeout(0);
      this.res.on("drain", onClientDrain);
    }
    (req as Carrier)[EXCHANGE] = this;
    this.upstreamReq = req;
    req.on("response", onUpstreamResponse);
    req.on("error", onUpstreamError);
    req.on("timeout", onUpstreamTimeout);
    req.end(body);
  }

  upstreamResponse(upstream: http.IncomingMessage): void {
    if (this.done) {
      upstream.destroy();
      return;
    }
    (upstream as Carrier)[EXCHANGE] = this;
    this.upstreamRes = upstream;
    const status = upstream.statusCode ?? 502;
    this.status = status;
    const out = downstreamHeaders(this.res, upstream, this.rateHeaders, newRequestId);
    const contentType = out.contentType;
    if (contentType !== null && contentType.startsWith("text/event-stream")) this.meter = new SseMeter();
    else if (this.kind === MESSAGES && status >= 200 && status < 300) this.jsonParts = [];
    this.res.writeHead(status, out.headers);
    upstream.on("data", onUpstreamData);
    upstream.on("end", onUpstreamEnd);
    upstream.on("close", onUpstreamClose);
    upstream.on("error", noop);
  }

  upstreamData(chunk: Buffer): void {
    if (this.meter !== null) this.meter.push(chunk, performance.now());
    else if (this.jsonParts !== null) this.jsonParts.push(chunk);
    if (!this.res.write(chunk)) this.upstreamRes!.pause();
  }

  clientDrain(): void {
    const upstream = this.upstreamRes;
    if (upstream !== null && upstream.isPaused()) upstream.resume();
  }

  upstreamEnd(): void {
    if (this.done) return;
    this.res.end();
    this.finish(null);
  }

  /** The upstream's answer stopped before its end (its connection broke). */
  upstreamClosed(): void {
    if (this.done || this.upstreamRes?.complete) return;
    if (this.meter !== null && !this.res.writableEnded) {
      // An SSE client gets an error event it understands rather than a stream that just stops.
      this.res.end('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The upstream connection was lost."}}\n\n');
    } else this.res.destroy();
    this.finish("upstream_failed");
  }

  upstreamError(error: NodeJS.ErrnoException): void {
    if (this.done || this.upstreamRes !== null) return;
    const req = this.upstreamReq;
    // A pooled connection the upstream had just closed: the request never reached it, so it is sent once more.
    if (!this.retried && req?.reusedSocket && error.code === "ECONNRESET") {
      this.retried = true;
      this.forward();
      return;
    }
    this.gateway.noteUpstreamFailure(error);
    if (error.code === "GATEWAY_UPSTREAM_TIMEOUT") {
      this.status = 504;
      sendGatewayError(this.res, 504, "timeout_error", "The upstream API did not answer in time.");
    } else {
      this.status = 502;
      sendGatewayError(this.res, 502, "api_error", "The upstream API could not be reached. Retry shortly.");
    }
    this.finish("upstream_failed");
  }

  upstreamTimeout(): void {
    const error: NodeJS.ErrnoException = new Error("upstream idle timeout");
    error.code = "GATEWAY_UPSTREAM_TIMEOUT";
    if (this.upstreamRes !== null) {
      this.upstreamRes.destroy(error);
      return;
    }
    this.upstreamReq?.destroy(error);
  }

  /** The partner's connection closed: before the answer ended, that aborts the upstream request. */
  clientClosed(): void {
    if (this.done) return;
    if (!this.forwarded) {
      this.done = true;
      return;
    }
    this.upstreamReq?.destroy();
    this.finish("client_closed");
  }

  /** Shutdown's drain time is over: the request is cut, and billed for what was sent. */
  abort(): void {
    if (this.done) return;
    this.upstreamReq?.destroy();
    this.res.destroy();
    this.finish("shutdown");
  }

  /** A failure of our own (the store, the limiter): a generic 500, logged. */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    console.error("[gateway] request failed", error);
    sendGatewayError(this.res, 500, "api_error", "Something went wrong on our side.");
  }

  private invalid(message: string): void {
    // An unknown, revoked or expired key is told so first, whatever its body.
    const found = findKeyBySecret(this.gateway.deps.store, this.key);
    const answer = (row: KeyRow | undefined) => {
      if (this.done) return;
      this.done = true;
      if (!row || keyState(row, this.ts) !== "VALID") sendGatewayError(this.res, 401, "authentication_error", INVALID_KEY_MESSAGE);
      else sendGatewayError(this.res, 400, "invalid_request_error", message);
    };
    if (found instanceof Promise) found.then(answer, (error) => this.fail(error));
    else answer(found);
  }

  /** Records the request's usage event and settles its token reservation; once. */
  private finish(outcome: string | null): void {
    if (this.done) return;
    this.done = true;
    this.gateway.active.delete(this);
    if (this.socketTimeout > 0 && !this.req.socket.destroyed) this.req.socket.setTimeout(this.socketTimeout);
    const row = this.row!;
    const tokens: MeteredTokens =
      this.kind === COUNT_TOKENS
        ? NO_TOKENS
        : this.meter !== null
          ? this.meter
          : this.jsonParts !== null && this.jsonParts.length > 0 && outcome === null
            ? (usageFromJson(this.jsonParts.length === 1 ? this.jsonParts[0] : Buffer.concat(this.jsonParts)) ?? NO_TOKENS)
            : NO_TOKENS;
    const status = this.status !== 0 ? this.status : 499;
    const meter = this.meter;
    const latencyMs = performance.now() - this.startedAt;
    const ttftMs = meter !== null && meter.firstDeltaAt >= 0 ? meter.firstDeltaAt - this.startedAt : null;
    if (this.kind === MESSAGES) recordGatewayExchange(status, this.stream, latencyMs, ttftMs);
    const event = gatewayEvent({
      row,
      ts: this.ts,
      model: this.model,
      status,
      outcome: outcome ?? (meter !== null && meter.sawError ? "stream_error" : statusClass(status)),
      latencyMs,
      ttftMs,
      tokens,
      catalogue: this.gateway.deps.catalogue.catalogue,
    });
    const events = [event];
    const deps = this.gateway.deps;
    deps.spend.add(events);
    deps.usage.recordReports(events);
    this.settle(tokens);
  }

  private settle(tokens: MeteredTokens): void {
    if (this.row === null) return;
    settleTokens(this.gateway.deps, this.row, limitedTokens(tokens), this.reservation === null ? [] : [this.reservation], Date.now());
  }
}

function noop(): void {}

function onBodyData(this: http.IncomingMessage, chunk: Buffer): void {
  exchangeOf(this).bodyData(chunk);
}
function onBodyEnd(this: http.IncomingMessage): void {
  exchangeOf(this).bodyEnd();
}
function onClientClose(this: http.ServerResponse): void {
  exchangeOf(this).clientClosed();
}
function onClientDrain(this: http.ServerResponse): void {
  exchangeOf(this).clientDrain();
}
function onUpstreamResponse(this: http.ClientRequest, upstream: http.IncomingMessage): void {
  exchangeOf(this).upstreamResponse(upstream);
}
function onUpstreamError(this: http.ClientRequest, error: NodeJS.ErrnoException): void {
  exchangeOf(this).upstreamError(error);
}
function onUpstreamTimeout(this: http.ClientRequest): void {
  exchangeOf(this).upstreamTimeout();
}
function onUpstreamData(this: http.IncomingMessage, chunk: Buffer): void {
  exchangeOf(this).upstreamData(chunk);
}
function onUpstreamEnd(this: http.IncomingMessage): void {
  exchangeOf(this).upstreamEnd();
}
function onUpstreamClose(this: http.IncomingMessage): void {
  exchangeOf(this).upstreamClosed();
}
