import type http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readJsonBody, readJsonOrReply, replyBodyError, sendJson } from "../api/http";
import { failed, route } from "../api/router";
import { clientGoneLog } from "./client-gone";
import { createGatehouseServer, type ServerOptions } from "./http-server";
import { HSTS } from "./security-headers";
import { DEFAULT_SERVER_LIMITS, serverLimitsFromEnv } from "./server-limits";

// The two ways API handlers read bodies (lib/api/verify-route.ts, lib/api/usage-route.ts), on routes of their own.
route("POST", "/api/v1/test/callback-body", (req, res) =>
  readJsonBody(req, 1024 * 1024, (error, body) => {
    try {
      if (error) replyBodyError(res, error);
      else sendJson(res, 200, { body });
    } catch (thrown) {
      failed(res, thrown);
    }
  }),
);
route("POST", "/api/v1/test/promise-body", async (req, res) => {
  const read = await readJsonOrReply(req, res);
  if (read) sendJson(res, 200, { body: read.body });
});

/** A console stand-in: echoes the client address it was given, reads any body first (as Next does). */
const echoConsole: ServerOptions["nextHandler"] = async (req, res) => {
  await new Promise<void>((resolve, reject) => {
    req.on("data", () => {});
    req.on("end", resolve);
    req.on("error", reject);
  });
  res.writeHead(200, { "content-type": "text/plain" });
  res.end(String(req.headers["x-real-ip"]));
};

const servers: http.Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function start(options: Partial<Omit<ServerOptions, "port" | "hostname">> = {}) {
  const server = createGatehouseServer({ trustProxy: false, nextHandler: echoConsole, ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, base: `http://127.0.0.1:${port}` };
}

/** A raw connection: what it received, and when it was closed (ms after opening) and how. */
function connect(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  const opened = Date.now();
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString("latin1")));
  const closed = new Promise<{ afterMs: number; error?: string }>((resolve) => {
    let error: string | undefined;
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on("close", () => resolve({ afterMs: Date.now() - opened, error }));
  });
  // Settles on close too: a connection reset by the server may never report "connect".
  const connected = Promise.race([new Promise<void>((resolve) => socket.once("connect", () => resolve())), closed.then(() => {})]);
  return { socket, connected, closed, received: () => received };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fast = { headersTimeoutMs: 500, requestTimeoutMs: 1000, timeoutCheckIntervalMs: 50 };

describe("timeouts", () => {
  it("cuts a body trickled in a byte at a time once the request timeout passes", async () => {
    const { port } = await start({ limits: fast });
    const client = connect(port);
    await client.connected;
    client.socket.write("POST /api/v1/test/promise-body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[");
    const drip = setInterval(() => client.socket.writable && client.socket.write(" "), 100);
    const { afterMs } = await client.closed;
    clearInterval(drip);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(2500);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts headers that never finish once the header timeout passes", async () => {
    const { port } = await start({ limits: fast });
    const client = connect(port);
    await client.connected;
    client.socket.write("GET /sign-in HTTP/1.1\r\nHost: x\r\n");
    const drip = setInterval(() => client.socket.writable && client.socket.write("X-Slow: 1\r\n"), 100);
    const { afterMs } = await client.closed;
    clearInterval(drip);
    expect(afterMs).toBeGreaterThanOrEqual(400);
    expect(afterMs).toBeLessThan(1500);
  });

  it("closes a connection on which nothing happens for the idle timeout", async () => {
    const { port } = await start({ limits: { ...fast, idleTimeoutMs: 400 }, nextHandler: () => new Promise(() => {}) });
    const client = connect(port);
    await client.connected;
    client.socket.write("GET /stalls HTTP/1.1\r\nHost: x\r\n\r\n");
    const { afterMs } = await client.closed;
    expect(afterMs).toBeGreaterThanOrEqual(350);
    expect(afterMs).toBeLessThan(1500);
  });

  it("defaults: 15 s for headers, 30 s for a request, 5 s keep-alive, 120 s idle, configurable", async () => {
    expect(serverLimitsFromEnv({})).toEqual(DEFAULT_SERVER_LIMITS);
    expect(DEFAULT_SERVER_LIMITS).toMatchObject({ headersTimeoutMs: 15_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 120_000 });
    expect(serverLimitsFromEnv({ HTTP_REQUEST_TIMEOUT_MS: "60000" }).requestTimeoutMs).toBe(60_000);
    expect(() => serverLimitsFromEnv({ HTTP_REQUEST_TIMEOUT_MS: "soon" })).toThrow('HTTP_REQUEST_TIMEOUT_MS must be a positive whole number, got "soon"');
    expect(() => serverLimitsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: "40000" })).toThrow("must not be longer than HTTP_REQUEST_TIMEOUT_MS");

    const { port } = await start();
    const server = servers[0];
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.timeout]).toEqual([15_000, 30_000, 5_000, 120_000]);
    expect(server.maxConnections).toBe(4096);
    expect(port).toBeGreaterThan(0);
  });
});

describe("connection caps", () => {
  it("resets connections from one address past its cap, and admits again once one closes", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { port, base } = await start({ limits: { maxConnectionsPerIp: 3 } });
    const held = Array.from({ length: 3 }, () => connect(port));
    await Promise.all(held.map((c) => c.connected));
    await sleep(50);

    const extra = connect(port);
    await extra.connected;
    if (!extra.socket.destroyed) extra.socket.write("GET /sign-in HTTP/1.1\r\nHost: x\r\n\r\n");
    const { error } = await extra.closed;
    expect(error).toBe("ECONNRESET");
    expect(extra.received()).toBe("");

    held[0].socket.destroy();
    await held[0].closed;
    await sleep(50);
    const res = await fetch(`${base}/sign-in`);
    expect(res.status).toBe(200);
  });

  it("defaults to 256 per address, off behind a proxy unless set, and 4096 in all", () => {
    expect(serverLimitsFromEnv({}).maxConnectionsPerIp).toBe(256);
    expect(serverLimitsFromEnv({}, { trustProxy: true }).maxConnectionsPerIp).toBe(0);
    expect(serverLimitsFromEnv({ HTTP_MAX_CONNECTIONS_PER_IP: "64" }, { trustProxy: true }).maxConnectionsPerIp).toBe(64);
    expect(serverLimitsFromEnv({ HTTP_MAX_CONNECTIONS: "10000" }).maxConnections).toBe(10_000);
  });
});

describe("clients that hang up mid-upload", () => {
  it("are logged as one short line, never as an unexpected error with a stack trace", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const { port } = await start({ limits: fast });
    const before = clientGoneLog.total;

    const paths = ["/api/v1/test/callback-body", "/api/v1/test/promise-body", "/console-action"];
    for (const path of [...paths, ...paths]) {
      const client = connect(port);
      await client.connected;
      client.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"key": "gk_`);
      await sleep(30);
      client.socket.destroy();
      await client.closed;
    }
    // One that our own body timeout cuts off.
    const slow = connect(port);
    await slow.connected;
    slow.socket.write("POST /api/v1/test/promise-body HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n[");
    await slow.closed;
    await sleep(100);

    expect(errors).not.toHaveBeenCalled();
    // Each one counted as a client that went away (the log itself is summed once a minute).
    expect(clientGoneLog.total - before).toBe(7);
    for (const args of [...warnings.mock.calls, ...logs.mock.calls]) {
      expect(args).toHaveLength(1);
      expect(args[0]).toMatch(/^\[http\] client went away before the request was complete \(POST \/[\w/-]+\)$/);
    }
  });
});

describe("client address", () => {
  it("ignores a client-sent X-Real-IP unless TRUST_PROXY is set", async () => {
    const { base } = await start({ trustProxy: false });
    const res = await fetch(`${base}/whoami`, { headers: { "X-Real-IP": "203.0.113.66" } });
    expect(await res.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("honours X-Real-IP from the proxy when TRUST_PROXY is set, and falls back to the socket without it", async () => {
    const { base } = await start({ trustProxy: true });
    expect(await (await fetch(`${base}/whoami`, { headers: { "X-Real-IP": "203.0.113.66" } })).text()).toBe("203.0.113.66");
    expect(await (await fetch(`${base}/whoami`)).text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});

describe("security headers", () => {
  const expectHardened = (res: Response) => {
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("on /api/v1 answers, success and error alike, with a CSP that allows nothing", async () => {
    const { base } = await start();
    for (const res of [
      await fetch(`${base}/api/v1/test/promise-body`, { method: "POST", body: "{}" }),
      await fetch(`${base}/api/v1/test/promise-body`, { method: "POST", body: "{" }),
      await fetch(`${base}/api/v1/nope`),
    ]) {
      expectHardened(res);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("on console pages, with a CSP for Next.js (no eval outside development)", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/sign-in`);
    expectHardened(res);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("sends HSTS only over HTTPS: an https public URL, or a trusted proxy saying so", async () => {
    const plain = await start({ trustProxy: false });
    expect((await fetch(`${plain.base}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } })).headers.get("strict-transport-security")).toBeNull();

    const proxied = await start({ trustProxy: true });
    expect((await fetch(`${proxied.base}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } })).headers.get("strict-transport-security")).toBe(HSTS);
    expect((await fetch(`${proxied.base}/sign-in`, { headers: { "X-Forwarded-Proto": "http" } })).headers.get("strict-transport-security")).toBeNull();

    const https = await start({ https: true });
    expect((await fetch(`${https.base}/api/v1/nope`)).headers.get("strict-transport-security")).toBe(HSTS);
  });
});
