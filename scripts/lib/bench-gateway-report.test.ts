import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quantile, runFullSpeed, runPaced, type PacedResult, type SpeedResult } from "./bench-gateway-client";
import { latencyFigures, pairedRatio, speedFigures } from "./bench-gateway-report";

const cpu = { total: NaN, main: NaN };
const paced = (p50: number, p99: number): PacedResult & { cpu: typeof cpu } => ({
  sent: 10, ok: 10, failed: 0, statuses: { 200: 10 }, p50, p99, ttfbP50: p50 / 2, ttfbP99: p99 / 2, max: p99, chunks: 1, cpu,
});
const speed = (rps: number, failed = 0): SpeedResult & { cpu: typeof cpu } => ({ sent: 100, ok: 100 - failed, failed, rps, p50: 1, p99: 2, seconds: 1, cpu });

describe("bench:gateway figures", () => {
  it("takes the nearest-rank quantile", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
  });

  it("adds latency as the median of per-round differences with direct, not the difference of the medians", () => {
    // Round 2 is a burst that hits both sides: paired, it cancels.
    const figures = latencyFigures({
      direct: [paced(1, 2), paced(1, 50), paced(1, 3)],
      gatehouse: [paced(1.5, 3), paced(1.5, 52), paced(1.5, 4.5)],
    });
    expect(figures.gatehouse).toMatchObject({ addedP50: 0.5, addedP99: 1.5, p99: 4.5 });
    expect(figures.direct).toMatchObject({ addedP99: 0 });
  });

  it("calls a side sustained only when no request of any slice failed, and pairs the throughput ratio by round", () => {
    const figures = speedFigures({ gatehouse: [speed(1000), speed(1200), speed(900)], portkey: [speed(400), speed(500, 1), speed(450)] });
    expect(figures.gatehouse).toMatchObject({ rps: 1000, minRps: 900, maxRps: 1200, sustained: true });
    expect(figures.portkey).toMatchObject({ rps: 450, sustained: false, failed: 1 });
    expect(pairedRatio([speed(1000), speed(1200), speed(900)], [speed(400), speed(500), speed(450)])).toBe(2.4);
  });
});

describe("bench:gateway load generators", () => {
  let server: http.Server;
  let url = "";
  let received = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received++;
      req.resume();
      req.on("end", () => {
        if (req.url === "/cut") return void res.end("event: message_start\n\n");
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("event: message_start\ndata: {}\n\n");
        setImmediate(() => res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends at the fixed rate, times the first chunk and the end, and counts an answer without message_stop as incomplete", async () => {
    received = 0;
    const started = performance.now();
    const ok = await runPaced({ url: `${url}/v1/messages`, headers: {} }, "{}", "stream", 200, 0.5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(ok).toMatchObject({ sent: 100, ok: 100, failed: 0 });
    expect(received).toBe(100);
    expect(ok.chunks).toBeGreaterThanOrEqual(2);
    expect(ok.ttfbP50).toBeLessThanOrEqual(ok.p50);
    const cut = await runPaced({ url: `${url}/cut`, headers: {} }, "{}", "stream", 100, 0.1);
    expect(cut).toMatchObject({ sent: 10, ok: 0, failed: 10, statuses: { incomplete: 10 } });
  });

  it("sends exactly the number of requests asked for at full speed, every one answered", async () => {
    received = 0;
    const r = await runFullSpeed({ url: `${url}/v1/messages`, headers: {} }, "{}", 5, 237);
    expect(r).toMatchObject({ sent: 237, ok: 237, failed: 0 });
    expect(received).toBe(237);
    expect(r.rps).toBeGreaterThan(0);
  });
});
