import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdminApiRequest } from "../admin-api/router";
import { handleApiRequest } from "../api/router";
import { OPENAPI_PATH, serveOpenApi } from "../openapi/serve";
import { describeRequest, isClientGone, noteClientGone } from "./client-gone";
import { runShutdownHooks } from "./lifecycle";
import { limitAddress } from "../request-meta";
import { securityHeaders } from "./security-headers";
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from "./server-limits";

type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export type ServerOptions = {
  port: number;
  hostname: string;
  trustProxy: boolean;
  nextHandler: NextHandler;
  /** Timeouts and connection caps; DEFAULT_SERVER_LIMITS for whatever is left out. */
  limits?: Partial<ServerLimits>;
  /** The console's public URL is https: send Strict-Transport-Security on every response. */
  https?: boolean;
  dev?: boolean;
  /** The Anthropic-compatible gateway (lib/gateway/): every /v1/ path, when set. */
  gateway?: NextHandler;
  /** /healthz, /readyz and /metrics by exact path (lib/health/route.ts opsRoutes), answered before Next. */
  ops?: ReadonlyMap<string, NextHandler>;
};

/**
 * One process serves both: /api/v1/* is answered here directly (the hot path
 * for the provider's backend, no framework in the way), as is the Admin API
 * (/v1/organizations/*), everything else goes to Next.js. Both share lib/ and its single database handle.
 */
export function createGatehouseServer({
  trustProxy,
  nextHandler,
  limits: overrides = {},
  https = false,
  dev = false,
  gateway,
  ops,
}: Omit<ServerOptions, "port" | "hostname">) {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...overrides };
  const applySecurityHeaders = securityHeaders({ https, trustProxy, dev });

  const server = http.createServer(
    {
      // A client gets this long for its headers, and this long for the whole request, body included:
      // a body trickled in a byte at a time cannot hold a connection (and its file descriptor) for minutes.
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests past those timeouts (its default, 30 s, would double them).
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    (req, res) => {
      if (!trustProxy || !req.headers["x-real-ip"]) {
        req.headers["x-real-ip"] = req.socket.remoteAddress ?? "";
      }
      const isApi = req.url?.startsWith("/api/v1/") ?? false;
      // The Admin API (lib/admin-api/) owns /v1/organizations/, ahead of the gateway's /v1/.
      const isAdminApi = !isApi && (req.url?.startsWith("/v1/organizations/") ?? false);
      const isGateway = !isApi && !isAdminApi && gateway !== undefined && (req.url?.startsWith("/v1/") ?? false);
      const isOpenApi = req.url === OPENAPI_PATH || (req.url?.startsWith(`${OPENAPI_PATH}?`) ?? false);
      const op = isApi || isAdminApi || isGateway || isOpenApi || ops === undefined ? undefined : ops.get(pathOf(req.url));
      applySecurityHeaders(req, res, isApi || isAdminApi || isGateway || isOpenApi || op !== undefined);
      if (isApi) {
        handleApiRequest(req, res);
        return;
      }
      if (isAdminApi) {
        handleAdminApiRequest(req, res);
        return;
      }
      if (isOpenApi) {
        serveOpenApi(req, res);
        return;
      }
      if (isGateway) {
        gateway(req, res);
        return;
      }
      if (op !== undefined) {
        op(req, res);
        return;
      }
      Promise.resolve(nextHandler(req, res)).catch((error) => {
        if (isClientGone(error, req)) noteClientGone(describeRequest(req));
        else console.error("[http] request failed", error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  );
  // No activity at all on a connection for this long (a stalled response, a silent client): close it.
  server.timeout = limits.idleTimeoutMs;
  // Past this many open connections new ones are closed at once, keeping file descriptors for the database.
  server.maxConnections = limits.maxConnections;
  if (limits.maxConnectionsPerIp > 0) capConnectionsPerAddress(server, limits.maxConnectionsPerIp);
  return server;
}

function pathOf(url = ""): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/**
 * One address may hold at most `cap` connections at once; more are reset
 * before any byte is read. Keeps one client from using up the descriptors
 * everyone else needs. Off behind a proxy (every connection comes from it).
 */
function capConnectionsPerAddress(server: http.Server, cap: number): void {
  const open = new Map<string, number>();
  let refused = 0;
  let reportAt = 0;
  server.on("connection", (socket: Socket) => {
    // Per /64 for IPv6 (see limitAddress): one client picks freely among the addresses of its prefix.
    const address = limitAddress(socket.remoteAddress ?? "");
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      socket.resetAndDestroy();
      refused++;
      const now = Date.now();
      if (now >= reportAt) {
        reportAt = now + 60_000;
        console.warn(`[http] refusing connections from ${address}: over ${cap} open at once (${refused} refused so far)`);
      }
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

export async function listen(server: http.Server, port: number, hostname: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  return server.address() as AddressInfo;
}

/**
 * SIGTERM / SIGINT: stop taking requests, wait up to `drainMs` for those in
 * flight (the gateway's streams: GATEWAY_DRAIN_SECONDS), run shutdown hooks
 * (usage flush), exit. `onStop` runs first (the gateway starts draining).
 */
export function handleSignals(server: http.Server, { drainMs = 5000, onStop }: { drainMs?: number; onStop?: () => void } = {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[gatehouse] ${signal} received, shutting down`);
    onStop?.();
    server.closeIdleConnections?.();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, drainMs).unref();
    });
    await runShutdownHooks();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
