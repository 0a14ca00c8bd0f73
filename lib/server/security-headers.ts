import type http from "node:http";

/**
 * The hardening headers of every response, console and /api/v1 alike, set in
 * one place (the HTTP server) before Next.js or an API handler runs.
 *
 * The console's script-src allows 'unsafe-inline': Next.js streams its page
 * data in inline <script> tags, and nonces would force every page into dynamic
 * rendering. The CSP still blocks scripts from other origins, eval (outside
 * development), plugins, <base> hijacking, off-site form posts and framing.
 */
const CONSOLE_CSP = (dev: boolean) =>
  [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

// JSON answers are never rendered as documents: nothing may load from them or frame them.
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const HSTS = "max-age=31536000; includeSubDomains";

type Header = [name: string, value: string];

export type SecurityHeaderOptions = {
  /** The console's public URL is https (NEXTAUTH_URL / APP_URL): always send HSTS. */
  https: boolean;
  /** Believe X-Forwarded-Proto from the reverse proxy when deciding on HSTS. */
  trustProxy: boolean;
  /** Next.js development mode needs eval for its dev tooling. */
  dev: boolean;
};

/** Builds the per-request header setter once; the hot path only loops over prepared pairs. */
export function securityHeaders({ https, trustProxy, dev }: SecurityHeaderOptions) {
  const common: Header[] = [
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    // same-origin keeps invitation tokens in paths from reaching other sites, and still
    // sends our own Origin on same-site POSTs (server actions compare it with Host).
    ["Referrer-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
  const consoleHeaders: Header[] = [...common, ["Content-Security-Policy", CONSOLE_CSP(dev)]];
  const apiHeaders: Header[] = [...common, ["Content-Security-Policy", API_CSP]];

  return function apply(req: http.IncomingMessage, res: http.ServerResponse, isApi: boolean): void {
    for (const [name, value] of isApi ? apiHeaders : consoleHeaders) res.setHeader(name, value);
    if (https || (trustProxy && forwardedProto(req) === "https")) res.setHeader("Strict-Transport-Security", HSTS);
  };
}

function forwardedProto(req: http.IncomingMessage): string | undefined {
  const value = req.headers["x-forwarded-proto"];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0].trim().toLowerCase();
}

/** Whether a public URL (NEXTAUTH_URL / APP_URL) is served over HTTPS. */
export const isHttpsUrl = (url: string | undefined) => !!url && /^https:\/\//i.test(url.trim());
