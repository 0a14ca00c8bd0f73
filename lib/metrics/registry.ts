/**
 * Prometheus metrics (prom-client), one registry per process, served at GET /metrics
 * (lib/metrics/route.ts, behind METRICS_TOKEN). Modules record into the metrics below;
 * importing this file starts nothing but defines them (and Node's default process metrics).
 * Label values are bounded sets (endpoint names, outcome codes), never ids or paths.
 */
import client from "prom-client";
import { CounterTally, TallyHistogram } from "./tally";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "gatehouse_" });

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Hot-path request counts (lib/metrics/requests.ts recordRequest), added to httpRequests at each scrape. */
export const requestTally = new CounterTally();

/** Every HTTP request Gatehouse answered itself: endpoint is a route name (verify, usage, gateway_messages, admin_api, …). */
export const httpRequests = new client.Counter({
  name: "gatehouse_http_requests_total",
  help: "Requests answered, by endpoint and outcome (a verify code, an HTTP status class).",
  labelNames: ["endpoint", "outcome"] as const,
  registers: [registry],
  collect() {
    requestTally.pushInto(this);
  },
});

/** A plain-array histogram (./tally.ts): verify is the hottest path, and prom-client's observe() costs ~0.5 µs. */
export const verifyDuration = new TallyHistogram(
  "gatehouse_verify_duration_seconds",
  "Time to answer POST /api/v1/keys/verify, by code.",
  "code",
  LATENCY_BUCKETS,
  registry,
);

export const gatewayDuration = new client.Histogram({
  name: "gatehouse_gateway_duration_seconds",
  help: "Gateway requests, from arrival to the last byte relayed, by status class and streaming.",
  labelNames: ["status_class", "stream"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const gatewayTimeToFirstToken = new client.Histogram({
  name: "gatehouse_gateway_ttft_seconds",
  help: "Gateway streaming requests: arrival to the first event relayed.",
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const usageFlushDuration = new client.Histogram({
  name: "gatehouse_usage_flush_duration_seconds",
  help: "Writing one batch of buffered usage events to the database.",
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const webhookDeliveries = new client.Counter({
  name: "gatehouse_webhook_deliveries_total",
  help: "Webhook delivery attempts, by result (succeeded, failed, refused, gave_up).",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const webhookDeliveryDuration = new client.Histogram({
  name: "gatehouse_webhook_delivery_duration_seconds",
  help: "One webhook delivery attempt, request to response.",
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const emailsSent = new client.Counter({
  name: "gatehouse_emails_total",
  help: "Emails handed to SMTP (or the log), by kind and result.",
  labelNames: ["kind", "result"] as const,
  registers: [registry],
});
