/**
 * Recording requests into the metrics of ./registry.ts from hot code: a
 * request costs a map lookup or two and a number increment (./tally.ts), or
 * for the gateway a cached prom-client child's observe(), never a labels
 * object. Label values stay bounded: endpoint names chosen by the callers,
 * verify codes, HTTP status classes.
 */
import type http from "node:http";
import { gatewayDuration, gatewayTimeToFirstToken, requestTally, verifyDuration } from "./registry";

/** What the label-bound children are used for here (prom-client types each by its label names). */
type HistogramChild = { observe(value: number): void };

const verifyChildren = new Map<string, HistogramChild>();
const gatewayChildren = { true: new Map<string, HistogramChild>(), false: new Map<string, HistogramChild>() };

/** "2xx" … "5xx" for a status, without building a string per call. */
const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"];
export function statusClassOf(status: number): string {
  return STATUS_CLASSES[Math.floor(status / 100) - 1] ?? "5xx";
}

/** Counts one answered request of `endpoint` (verify, usage, admin_api, leaked_keys, gateway_*) with its outcome. */
export function recordRequest(endpoint: string, outcome: string): void {
  requestTally.slot(endpoint, outcome).n++;
}

/** A verdict of POST /api/v1/keys/verify: counted with its code, and timed from `startedAt` (performance.now() when the handler got the request). */
export function recordVerify(code: string, startedAt: number): void {
  recordRequest("verify", code);
  let child = verifyChildren.get(code);
  if (child === undefined) verifyChildren.set(code, (child = verifyDuration.labels(code)));
  child.observe((performance.now() - startedAt) / 1000);
}

/** A POST /v1/messages forwarded upstream, when its answer ended: its duration and, when streamed, the time to its first token. */
export function recordGatewayExchange(status: number, stream: boolean, latencyMs: number, ttftMs: number | null): void {
  const statusClass = statusClassOf(status);
  const children = stream ? gatewayChildren.true : gatewayChildren.false;
  let child = children.get(statusClass);
  if (child === undefined) children.set(statusClass, (child = gatewayDuration.labels(statusClass, stream ? "true" : "false")));
  child.observe(latencyMs / 1000);
  if (ttftMs !== null) gatewayTimeToFirstToken.observe(ttftMs / 1000);
}

const ENDPOINT = Symbol("gatehouse.metrics.endpoint");
type Tagged = http.ServerResponse & { [ENDPOINT]?: string };

/**
 * Counts the answer of `res` under `endpoint` when its response closes, by
 * status class ("no_answer" when the connection closed before any status was
 * sent). For endpoints that answer from many places (usage, the gateway).
 */
export function countWhenClosed(res: http.ServerResponse, endpoint: string): void {
  (res as Tagged)[ENDPOINT] = endpoint;
  res.on("close", onClosed);
}

// Module-level, so no closure is made per request.
function onClosed(this: Tagged): void {
  recordRequest(this[ENDPOINT]!, this.headersSent ? statusClassOf(this.statusCode) : "no_answer");
}

/** `handler`, with every answer counted under `endpoint` by status class (see countWhenClosed). */
export function countAnswers<R>(endpoint: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => R) {
  return (req: http.IncomingMessage, res: http.ServerResponse): R => {
    countWhenClosed(res, endpoint);
    return handler(req, res);
  };
}
