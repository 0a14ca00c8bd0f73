import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleApiRequest } from "../api/router";
import { runShutdownHooks } from "./lifecycle";

type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export type ServerOptions = { port: number; hostname: string; trustProxy: boolean; nextHandler: NextHandler };

/**
 * One process serves both: /api/v1/* is answered here directly (the hot path
 * for the provider's backend, no framework in the way), everything else goes
 * to Next.js. Both share lib/ and its single database handle.
 */
export function createGatehouseServer({ trustProxy, nextHandler }: Omit<ServerOptions, "port" | "hostname">) {
  return http.createServer((req, res) => {
    if (!trustProxy || !req.headers["x-real-ip"]) {
      req.headers["x-real-ip"] = req.socket.remoteAddress ?? "";
    }
    if (req.url?.startsWith("/api/v1/")) {
      handleApiRequest(req, res);
      return;
    }
    Promise.resolve(nextHandler(req, res)).catch((error) => {
      console.error("[http] request failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
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

/** SIGTERM / SIGINT: stop taking requests, run shutdown hooks (usage flush), exit. */
export function handleSignals(server: http.Server): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[gatehouse] ${signal} received, shutting down`);
    server.closeIdleConnections?.();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, 5000).unref();
    });
    await runShutdownHooks();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
