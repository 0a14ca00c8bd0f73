/**
 * The Anthropic-compatible gateway: `POST /v1/messages` (JSON and SSE),
 * `POST /v1/messages/count_tokens` and `GET /v1/models[/{id}]`, served by the
 * same HTTP server as the console (lib/server/http-server.ts hands it every
 * /v1/ path). docs/gateway.md has how it works and why.
 */
import type http from "node:http";
import type { VerifyDeps } from "../api/verify-key";
import { countWhenClosed } from "../metrics/requests";
import type { UsageBuffer } from "../usage/buffer";
import type { GatewayConfig } from "./config";
import { NO_KEY_MESSAGE, NO_UPSTREAM_MESSAGE, sendGatewayError } from "./errors";
import { COUNT_TOKENS, Exchange, MESSAGES } from "./exchange";
import { keyOf } from "./request";
import { answerModels } from "./models";
import { createUpstream, type Upstream } from "./upstream";

export type GatewayDeps = VerifyDeps & {
  usage: Pick<UsageBuffer, "recordVerify" | "admitReports" | "recordReports">;
};

const MODELS_PREFIX = "/v1/models/";
/** GET /metrics names, by kind (MESSAGES, COUNT_TOKENS, models). */
const METRIC_ENDPOINTS = ["gateway_messages", "gateway_count_tokens", "gateway_models"];
const FAILURE_LOG_EVERY_MS = 10_000;

export class Gateway {
  /** Requests forwarded upstream whose answer has not ended. */
  readonly active = new Set<Exchange>();
  /** Set on shutdown: answers say `connection: close`, so clients reconnect elsewhere. */
  draining = false;
  private drainingSince: number | null = null;
  readonly upstream: Upstream | null;
  private failures = 0;
  private failureLoggedAt = 0;

  constructor(
    readonly deps: GatewayDeps,
    readonly config: GatewayConfig,
  ) {
    this.upstream = config.upstreamApiKey === null ? null : createUpstream(config.upstream);
  }

  /** The server's handler for every /v1/ path. */
  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (this.draining) res.setHeader("connection", "close");
    try {
      this.route(req, res);
    } catch (error) {
      console.error("[gateway] request failed", error);
      sendGatewayError(res, 500, "api_error", "Something went wrong on our side.");
    }
  };

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const method = req.method;
    let kind = -1;
    let model: string | null = null;
    if (path === "/v1/messages") kind = MESSAGES;
    else if (path === "/v1/messages/count_tokens") kind = COUNT_TOKENS;
    else if (path === "/v1/models") kind = 2;
    else if (path.startsWith(MODELS_PREFIX) && path.length > MODELS_PREFIX.length && path.indexOf("/", MODELS_PREFIX.length) === -1) {
      kind = 2;
      model = safeDecode(path.slice(MODELS_PREFIX.length));
    }
    if (kind === -1) return sendGatewayError(res, 404, "not_found_error", `Not found: ${method} ${path.slice(0, 100)}`);
    countWhenClosed(res, METRIC_ENDPOINTS[kind]);
    const wanted = kind === 2 ? "GET" : "POST";
    if (method !== wanted) return sendGatewayError(res, 405, "invalid_request_error", `Use ${wanted} for ${path}.`, [["allow", wanted]]);
    if (this.upstream === null) return sendGatewayError(res, 503, "api_error", NO_UPSTREAM_MESSAGE);
    const key = keyOf(req);
    if (key === undefined) return sendGatewayError(res, 401, "authentication_error", NO_KEY_MESSAGE);
    if (kind === 2) return answerModels(this, req, res, key, model);
    new Exchange(this, req, res, kind as typeof MESSAGES, key).start();
  }

  /** Upstream connection failures, logged at most every 10 s with the error code only. */
  noteUpstreamFailure(error: NodeJS.ErrnoException): void {
    this.failures++;
    const now = Date.now();
    if (now - this.failureLoggedAt < FAILURE_LOG_EVERY_MS) return;
    this.failureLoggedAt = now;
    console.warn(`[gateway] upstream ${this.config.upstream.origin} failed: ${error.code ?? error.message} (${this.failures} failure(s) so far)`);
  }

  /** Shutdown has begun (SIGTERM): answers from now on close their connection. */
  beginDrain(now = Date.now()): void {
    if (this.drainingSince === null) this.drainingSince = now;
    this.draining = true;
  }

  /**
   * Shutdown: lets requests in flight finish until `deadlineMs` after the drain
   * began (beginDrain, or now), then cuts the rest (each is billed for what it
   * had sent), and closes the upstream pool.
   */
  async drain(deadlineMs: number): Promise<void> {
    this.beginDrain();
    const until = this.drainingSince! + deadlineMs;
    while (this.active.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    const left = this.active.size;
    for (const exchange of [...this.active]) exchange.abort();
    if (left > 0) console.warn(`[gateway] ${left} request(s) still streaming after the drain time: cut and billed for what was sent`);
    this.upstream?.close();
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
