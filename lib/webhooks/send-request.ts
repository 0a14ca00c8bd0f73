/**
 * One webhook HTTP request: POST the body to the URL, connected to the addresses the SSRF
 * check approved (lib/webhooks/ssrf.ts pinnedLookup), within a time limit for the whole
 * exchange. Only the status code is kept: the response body is read and dropped. Redirects
 * are not followed. Errors come back as short phrases about the receiver's side
 * ("connection refused", "timed out after 10 s"), never a stack or one of our addresses.
 */
import http from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import { pinnedLookup } from "./ssrf";

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
export const USER_AGENT = "Gatehouse-Webhooks/1";

export type SendResult = { ok: true; statusCode: number; durationMs: number } | { ok: false; error: string; durationMs: number };

export type SendRequest = {
  url: URL;
  host: string;
  addresses: readonly LookupAddress[];
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 0))} s`;

/** Node's error codes as a receiver's operator would describe them. */
function describeError(error: NodeJS.ErrnoException): string {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "EPIPE") return "connection reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "host unreachable";
  if (code === "ETIMEDOUT") return "connection timed out";
  if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_")) return "invalid HTTP response";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return "TLS certificate is not for this host name";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/i.test(code)) return "TLS certificate not trusted";
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /ssl|tls/i.test(error.message)) return "TLS handshake failed";
  return "connection failed";
}

class SendTimeout extends Error {}

export function sendWebhookRequest(request: SendRequest): Promise<SendResult> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const body = Buffer.from(request.body, "utf8");
  const { url } = request;
  const client = url.protocol === "https:" ? https : http;

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = client.request({
      method: "POST",
      hostname: request.host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, "content-length": String(body.length) },
      // A fresh connection each time (no pooling across endpoints), opened to the checked addresses only.
      agent: false,
      // Certificates are still checked against the URL's host name (Node's servername), not the address.
      lookup: pinnedLookup(request.addresses),
    });
    // The limit covers connecting, sending and the response; a body still dripping in after the status is cut then too.
    const timer = setTimeout(() => req.destroy(new SendTimeout()), timeoutMs);
    req.on("response", (res) => {
      finish({ ok: true, statusCode: res.statusCode ?? 0, durationMs: elapsed() });
      res.on("error", () => {});
      res.on("close", () => clearTimeout(timer));
      res.resume();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      finish({ ok: false, error: error instanceof SendTimeout ? `timed out after ${seconds(timeoutMs)}` : describeError(error), durationMs: elapsed() });
    });
    req.end(body);
  });
}
