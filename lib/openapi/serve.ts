import crypto from "node:crypto";
import type http from "node:http";
import { openApiJson } from "./document";

export const OPENAPI_PATH = "/api/openapi.json";

let etag: string | undefined;

/** GET /api/openapi.json: public and cacheable (the document holds no secrets and changes only with the code). */
export function serveOpenApi(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "Use GET for this endpoint." } }));
    return;
  }
  const body = openApiJson();
  etag ??= `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "public, max-age=300",
    "access-control-allow-origin": "*",
    etag,
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
}
