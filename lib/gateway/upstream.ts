/**
 * Connections to the upstream: one keep-alive agent per gateway, so requests
 * reuse warm TCP (and TLS) connections instead of paying a handshake each.
 * Node's own http/https agents (undici is not among our dependencies): LIFO
 * scheduling keeps the busiest few sockets warm and lets the rest time out.
 */
import http from "node:http";
import https from "node:https";
import type { GatewayConfig } from "./config";

/** No byte either way for this long on an upstream request: it is given up (the SDKs' own default timeout). */
export const UPSTREAM_IDLE_TIMEOUT_MS = 600_000;

export type Upstream = {
  request(method: string, path: string, headers: http.OutgoingHttpHeaders): http.ClientRequest;
  close(): void;
};

export function createUpstream(config: GatewayConfig["upstream"]): Upstream {
  const options = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: Infinity,
    maxFreeSockets: 256,
    scheduling: "lifo" as const,
    // Idle pooled sockets close before a typical upstream or load balancer (60 s) closes them under us.
    timeout: 30_000,
  };
  const agent = config.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
  const send = config.protocol === "https:" ? https.request : http.request;
  const { hostname, port, pathPrefix } = config;
  return {
    request(method, path, headers) {
      const req = send({ agent, hostname, port, method, path: pathPrefix + path, headers });
      req.setTimeout(UPSTREAM_IDLE_TIMEOUT_MS);
      return req;
    },
    close() {
      agent.destroy();
    },
  };
}
