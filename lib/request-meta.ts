/**
 * The client's address as set by our own HTTP server (server/http-server.ts),
 * which overwrites x-real-ip with the socket address unless TRUST_PROXY is on,
 * so a client cannot spoof it to dodge sign-in throttling.
 */
export function clientIpFrom(header: (name: string) => string | null | undefined): string {
  return (header("x-real-ip") ?? "").trim() || "unknown";
}

export type RequestMeta = { ip: string; userAgent: string };

export function requestMetaFrom(header: (name: string) => string | null | undefined): RequestMeta {
  return {
    ip: clientIpFrom(header),
    userAgent: (header("user-agent") ?? "").slice(0, 300),
  };
}
