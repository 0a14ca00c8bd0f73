/**
 * GET /metrics on the real server: off without METRICS_TOKEN, 401 without the
 * right token, and with it Prometheus text that shows what the API just did
 * (verify outcomes and durations, usage answers, the usage buffer, the store).
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startApiServer, type TestApi } from "../api/test-helpers";
import { databaseConfig } from "../db-url";
import { databaseReadiness, opsRoutes } from "../health/route";
import { createGatehouseServer } from "../server/http-server";
import { makeTeam } from "../testing/factories";
import { registerRuntimeMetrics } from "./runtime";
import { parsePrometheusText, valueOf, type Sample } from "./testing/prometheus-text";

const TOKEN = "metrics-test-token-0123456789abcdef";
let api: TestApi;
let teamId: string;

beforeAll(async () => {
  api = await startApiServer({}, {}, { ops: opsRoutes({ readiness: databaseReadiness(() => false), metricsToken: TOKEN }) });
  registerRuntimeMetrics(api.runtime);
  teamId = (await makeTeam(["owner"])).team.id;
});
afterAll(() => api.close());

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, base = api.base) => fetch(`${base}/metrics`, { headers });

async function samples(): Promise<Sample[]> {
  const res = await scrape();
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const requests = (s: Sample[], endpoint: string, outcome: string) => valueOf(s, "gatehouse_http_requests_total", { endpoint, outcome }) ?? 0;

describe("GET /metrics access", () => {
  it("does not exist without METRICS_TOKEN: 404, whatever the request carries", async () => {
    const server = createGatehouseServer({
      trustProxy: false,
      nextHandler: (_req, res) => {
        res.writeHead(418).end();
      },
      ops: opsRoutes({ readiness: databaseReadiness(() => false), metricsToken: undefined }),
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await scrape({}, base)).status).toBe(404);
      const withToken = await scrape({ authorization: `Bearer ${TOKEN}` }, base);
      expect(withToken.status).toBe(404);
      expect(await withToken.text()).not.toContain("gatehouse_");
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it("refuses a missing, wrong or longer token with 401 and no metrics", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token" }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain("gatehouse_");
    }
  });
});

describe("GET /metrics content", () => {
  it("counts verify answers by code and times them, in text Prometheus parses", async () => {
    const before = await samples();
    const { secret } = await createTestKey(teamId);
    for (const key of [secret, secret, "not-a-key"]) expect((await api.post("/api/v1/keys/verify", { key })).status).toBe(200);

    const res = await scrape();
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = parsePrometheusText(await res.text());
    expect(requests(after, "verify", "VALID") - requests(before, "verify", "VALID")).toBe(2);
    expect(requests(after, "verify", "MALFORMED") - requests(before, "verify", "MALFORMED")).toBe(1);
    const bucket = (s: Sample[], le: string) => valueOf(s, "gatehouse_verify_duration_seconds_bucket", { code: "VALID", le }) ?? 0;
    expect(bucket(after, "+Inf") - bucket(before, "+Inf")).toBe(2);
    // Cumulative buckets: none holds more than +Inf, and a verify on loopback fits under 30 s.
    expect(bucket(after, "30") - bucket(before, "30")).toBe(2);
    expect(valueOf(after, "gatehouse_verify_duration_seconds_count", { code: "VALID" })).toBe(bucket(after, "+Inf"));
  });

  it("counts refusals before a verdict (no service token, a bad body) as 4xx of verify, and usage answers by status class", async () => {
    const before = await samples();
    expect((await api.post("/api/v1/keys/verify", { key: "x" }, { authorization: "" })).status).toBe(401);
    expect((await api.post("/api/v1/keys/verify", "{not json")).status).toBe(400);
    expect((await api.post("/api/v1/keys/verify", { key: 42 })).status).toBe(400);
    const { secret } = await createTestKey(teamId);
    expect((await api.post("/api/v1/usage", { key: secret, status: 200, latencyMs: 12 })).status).toBe(202);
    expect((await api.post("/api/v1/usage", { key: secret, status: "ok" })).status).toBe(400);
    const after = await samples();
    expect(requests(after, "verify", "4xx") - requests(before, "verify", "4xx")).toBe(3);
    expect(requests(after, "usage", "2xx") - requests(before, "usage", "2xx")).toBe(1);
    expect(requests(after, "usage", "4xx") - requests(before, "usage", "4xx")).toBe(1);
    // Scrapes (and the refused ones) are not traffic.
    expect(after.some((s) => s.name === "gatehouse_http_requests_total" && s.labels.endpoint === "metrics")).toBe(false);
  });

  it("reports the usage buffer's depth and totals, and the writer's queue", async () => {
    const before = await samples();
    const { secret } = await createTestKey(teamId);
    expect((await api.post("/api/v1/keys/verify", { key: secret })).status).toBe(200);
    const buffered = await samples();
    expect(valueOf(buffered, "gatehouse_usage_buffer_depth", { state: "buffered" })).toBeGreaterThanOrEqual(0);
    expect(valueOf(buffered, "gatehouse_usage_buffer_depth", { state: "writing" })).toBeGreaterThanOrEqual(0);
    const accepted = (s: Sample[]) => valueOf(s, "gatehouse_usage_events_total", { result: "accepted" })!;
    expect(accepted(buffered) - accepted(before)).toBe(1);

    await api.flush();
    const flushed = await samples();
    expect(valueOf(flushed, "gatehouse_usage_buffer_depth", { state: "buffered" })).toBe(0);
    expect(valueOf(flushed, "gatehouse_usage_buffer_depth", { state: "writing" })).toBe(0);
    expect(valueOf(flushed, "gatehouse_usage_events_total", { result: "written" })).toBe(accepted(flushed));
    expect(valueOf(flushed, "gatehouse_usage_events_total", { result: "dropped" })).toBe(0);
    expect(valueOf(flushed, "gatehouse_usage_writer_queue_batches")).toBe(0);
    expect(valueOf(flushed, "gatehouse_usage_flush_duration_seconds_count")).toBeGreaterThan(0);
  });

  it("shows the hot path's PostgreSQL pool on PostgreSQL, and no pool series on SQLite", async () => {
    const s = await samples();
    const total = valueOf(s, "gatehouse_db_pool_connections", { pool: "hot_path" });
    const idle = valueOf(s, "gatehouse_db_pool_idle_connections", { pool: "hot_path" });
    const waiting = valueOf(s, "gatehouse_db_pool_waiting_queries", { pool: "hot_path" });
    if (databaseConfig().engine === "postgres") {
      // The verifications above looked their keys up through the pool.
      expect(total).toBeGreaterThanOrEqual(1);
      expect(idle).toBeLessThanOrEqual(total!);
      expect(waiting).toBe(0);
    } else {
      expect([total, idle, waiting]).toEqual([undefined, undefined, undefined]);
    }
  });
});
