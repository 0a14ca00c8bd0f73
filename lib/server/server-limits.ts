import { intFromEnv } from "../limits/env";

export type ServerLimits = {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed. */
  idleTimeoutMs: number;
  /** Open connections for the whole server. */
  maxConnections: number;
  /** Open connections from one client address; 0 for no cap. */
  maxConnectionsPerIp: number;
  /** How often the header and request timeouts are checked. */
  timeoutCheckIntervalMs: number;
};

/**
 * Our requests are small JSON bodies and form posts (at most 1 MiB), so 30 s
 * for a whole request is generous even on a poor connection, and 256
 * connections is far more than a browser (6 per host) or a provider's
 * keep-alive pool needs.
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  maxConnections: 4096,
  maxConnectionsPerIp: 256,
  timeoutCheckIntervalMs: 1_000,
};

type Env = Record<string, string | undefined>;

/**
 * HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS,
 * HTTP_IDLE_TIMEOUT_MS, HTTP_MAX_CONNECTIONS, HTTP_MAX_CONNECTIONS_PER_IP.
 * Behind a proxy (TRUST_PROXY) every connection comes from the proxy, so the
 * per-address cap is off unless set explicitly.
 */
export function serverLimitsFromEnv(env: Env = process.env, { trustProxy = false } = {}): ServerLimits {
  const d = DEFAULT_SERVER_LIMITS;
  const limits: ServerLimits = {
    headersTimeoutMs: intFromEnv(env, "HTTP_HEADERS_TIMEOUT_MS", d.headersTimeoutMs),
    requestTimeoutMs: intFromEnv(env, "HTTP_REQUEST_TIMEOUT_MS", d.requestTimeoutMs),
    keepAliveTimeoutMs: intFromEnv(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", d.keepAliveTimeoutMs),
    idleTimeoutMs: intFromEnv(env, "HTTP_IDLE_TIMEOUT_MS", d.idleTimeoutMs),
    maxConnections: intFromEnv(env, "HTTP_MAX_CONNECTIONS", d.maxConnections),
    maxConnectionsPerIp: intFromEnv(env, "HTTP_MAX_CONNECTIONS_PER_IP", trustProxy ? 0 : d.maxConnectionsPerIp, { min: 0 }),
    timeoutCheckIntervalMs: d.timeoutCheckIntervalMs,
  };
  // Node refuses a header timeout longer than the whole-request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(
      `HTTP_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  }
  return limits;
}
