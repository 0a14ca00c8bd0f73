/**
 * GET /metrics: the registry (./registry.ts, and ./runtime.ts's gauges) in
 * Prometheus text format, for a scraper holding METRICS_TOKEN
 * (`Authorization: Bearer <token>`). Without a token configured the endpoint
 * does not exist (404): metrics are never open by default. A wrong or missing
 * token is 401. Its own requests are not counted.
 */
import crypto from "node:crypto";
import type http from "node:http";
import { registry } from "./registry";
import "./runtime";

const digest = (text: string) => crypto.createHash("sha256").update(text).digest();

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** The handler for `token` (METRICS_TOKEN); unset or blank: every request is answered 404. */
export function metricsHandler(token: string | undefined): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const configured = token?.trim() ?? "";
  // Compared as digests: equal lengths for timingSafeEqual, and no timing hint about the token's length.
  const expected = digest(configured);
  return (req, res) => {
    if (configured === "") return sendText(res, 404, "Not found.\n");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    const given = digest(match ? match[1] : "");
    if (!match || !crypto.timingSafeEqual(given, expected)) {
      return sendText(res, 401, "Send the METRICS_TOKEN as `Authorization: Bearer <token>`.\n", { "www-authenticate": 'Bearer realm="metrics"' });
    }
    if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, "Use GET.\n", { allow: "GET, HEAD" });
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType, "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
        res.end(text);
      },
      (error) => {
        console.error("[metrics] collecting failed", error);
        sendText(res, 500, "Collecting the metrics failed.\n");
      },
    );
  };
}
