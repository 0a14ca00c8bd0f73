/**
 * The two load generators of `npm run bench:gateway`:
 * - `runPaced`: an open-loop client on `http.request` that starts requests at
 *   a fixed rate whatever the answers do, and records per request the time to
 *   the first body chunk (TTFB) and to the end of the answer, the status, the
 *   number of body chunks, and whether the answer ended as a complete Messages
 *   answer (a JSON body with its usage, or a stream ending in message_stop).
 * - `runFullSpeed`: autocannon at full speed on N connections for a fixed
 *   number of requests (not a duration), so every request sent is answered and
 *   the number the gateway must have metered is known exactly.
 * Both count every request they send in `sent`.
 */
import http from "node:http";
import { createRequire } from "node:module";
import type { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
type Tracker = EventEmitter & PromiseLike<{ errors: number; timeouts: number; non2xx: number; "2xx": number }>;
const autocannon = require("autocannon") as (options: Record<string, unknown>) => Tracker;

export type Kind = "json" | "stream";

/** Where one side is called: the URL of its /v1/messages and the headers it needs. */
export type Endpoint = { url: string; headers: Record<string, string> };

export type PacedResult = {
  sent: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** Milliseconds, over the answers that were complete 200s. */
  p50: number;
  p99: number;
  ttfbP50: number;
  ttfbP99: number;
  max: number;
  /** Median number of body chunks an answer arrived in (a relay that buffers a stream shows 1). */
  chunks: number;
};

export type SpeedResult = { sent: number; ok: number; failed: number; rps: number; p50: number; p99: number; seconds: number };

/** CPU microseconds per request sent in the gateway's process: all its threads, and its main thread alone; NaN where not measured. */
export type CpuPerRequest = { total: number; main: number };

const END_MARKER: Record<Kind, string> = { json: '"output_tokens"', stream: "event: message_stop" };
const REQUEST_TIMEOUT_MS = 10_000;

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Open loop: request i starts at i / rate seconds, answered or not; then waits for the stragglers. */
export async function runPaced(endpoint: Endpoint, body: string, kind: Kind, rate: number, seconds: number): Promise<PacedResult> {
  const target = new URL(endpoint.url);
  const payload = Buffer.from(body);
  const headers = { ...endpoint.headers, "content-type": "application/json", "content-length": String(payload.length) };
  // A fresh pool per slice: a socket the server closed while another side was measured is never reused.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const total = Math.round(rate * seconds);
  const totals = new Float64Array(total);
  const ttfbs = new Float64Array(total);
  const chunkCounts = new Float64Array(total);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let done = 0;
  let sent = 0;
  const marker = END_MARKER[kind];

  const finished = new Promise<void>((resolve) => {
    const settle = (status: string, complete?: { total: number; ttfb: number; chunks: number }) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (complete) {
        totals[ok] = complete.total;
        ttfbs[ok] = complete.ttfb;
        chunkCounts[ok] = complete.chunks;
        ok++;
      }
      if (++done === total) resolve();
    };
    const send = () => {
      const start = performance.now();
      const req = http.request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          let first = 0;
          let chunks = 0;
          let last: Buffer | null = null;
          let beforeLast: Buffer | null = null;
          res.on("data", (chunk: Buffer) => {
            if (chunks++ === 0) first = performance.now();
            beforeLast = last;
            last = chunk;
          });
          res.on("end", () => {
            const end = performance.now();
            const tail = Buffer.concat([beforeLast ?? Buffer.alloc(0), last ?? Buffer.alloc(0)]).toString("latin1");
            const status = String(res.statusCode);
            if (res.statusCode !== 200) return settle(status);
            if (!tail.includes(marker)) return settle("incomplete");
            settle(status, { total: end - start, ttfb: first - start, chunks });
          });
          res.on("error", () => settle("error"));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error: NodeJS.ErrnoException) => settle(error.message === "timeout" ? "timeout" : (error.code ?? "error")));
      req.end(payload);
    };
    const begin = performance.now();
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - begin) / 1000) * rate) + 1);
      while (sent < due) {
        sent++;
        send();
      }
      if (sent < total) setTimeout(tick, 1);
    };
    if (total === 0) resolve();
    else tick();
  });
  await finished;
  agent.destroy();

  const sortedTotals = totals.subarray(0, ok).sort();
  const sortedTtfb = ttfbs.subarray(0, ok).sort();
  return {
    sent,
    ok,
    failed: sent - ok,
    statuses,
    p50: quantile(sortedTotals, 0.5),
    p99: quantile(sortedTotals, 0.99),
    ttfbP50: quantile(sortedTtfb, 0.5),
    ttfbP99: quantile(sortedTtfb, 0.99),
    max: ok ? sortedTotals[ok - 1] : NaN,
    chunks: quantile(chunkCounts.subarray(0, ok).sort(), 0.5),
  };
}

/**
 * Closed loop at full speed: `connections` keep-alive connections, each
 * sending its next request when the last answer is complete, `amount`
 * requests in all. Requests per second are measured up to the last answer.
 */
export async function runFullSpeed(endpoint: Endpoint, body: string, connections: number, amount: number): Promise<SpeedResult> {
  const latencies = new Float64Array(amount);
  let count = 0;
  let last = 0;
  const start = performance.now();
  const tracker = autocannon({
    url: endpoint.url,
    method: "POST",
    body,
    headers: { ...endpoint.headers, "content-type": "application/json" },
    connections: Math.min(connections, amount),
    amount,
    timeout: REQUEST_TIMEOUT_MS / 1000,
    sampleInt: 100,
  });
  tracker.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    last = performance.now();
    if (count < amount) latencies[count++] = responseTime;
  });
  const result = await tracker;
  const seconds = (last - start) / 1000;
  const sorted = latencies.subarray(0, count).sort();
  const failed = result.non2xx + result.errors + result.timeouts;
  return { sent: amount, ok: result["2xx"], failed, rps: count / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), seconds };
}
