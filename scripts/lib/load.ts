/** Thin typed wrapper around autocannon that also keeps exact (sub-millisecond) latencies. */
import { createRequire } from "node:module";
import type { EventEmitter } from "node:events";

const require = createRequire(import.meta.url);

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
};
type Tracker = EventEmitter & PromiseLike<AutocannonResult>;
const autocannon = require("autocannon") as (options: Record<string, unknown>) => Tracker;

export type LoadResult = {
  label: string;
  rps: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  autocannonP99: number;
};

export type LoadOptions = {
  label: string;
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  overallRate?: number;
  expectBody?: string;
};

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 20);
  let count = 0;
  const tracker = autocannon({
    url: options.url,
    method: "POST",
    body: options.body,
    headers: { "content-type": "application/json", ...options.headers },
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    ...(options.expectBody ? { expectBody: options.expectBody } : {}),
  });
  tracker.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = responseTime;
  });
  const result = await tracker;
  const sorted = latencies.subarray(0, count).sort();
  return {
    label: options.label,
    rps: result.requests.total / result.duration,
    total: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    autocannonP99: result.latency.p99,
  };
}
