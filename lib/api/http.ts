import type http from "node:http";
import { describeRequest, isClientGone, noteClientGone } from "../server/client-gone";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Sends an already serialized JSON body (hot paths pre-serialize constant answers). */
export function sendJsonText(res: http.ServerResponse, status: number, payload: string): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
  });
  res.end(payload);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** Every API error has this shape: a stable machine code and a human message. */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string, details?: unknown): void {
  sendJson(res, status, { error: { code, message, ...(details ? { details } : {}) } });
}

export class BodyError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Reads and parses a JSON body, calling back once with a BodyError (413 oversize,
 * 400 malformed) or the parsed value. Callback style keeps the verify hot path
 * free of promise allocations; `readJson` wraps it for everything else.
 */
export function readJsonBody(req: http.IncomingMessage, maxBytes: number, done: (error: BodyError | Error | null, body?: unknown) => void): void {
  // Small bodies arrive in one chunk: keep it as is, concatenate only when needed.
  // (No named inner functions: tsx wraps each in a __name() call per request.)
  let first: Buffer | null = null;
  let chunks: Buffer[] | null = null;
  let size = 0;
  let finished = false;
  req.on("data", (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > maxBytes) {
      // Keep reading (and discarding) so the 413 answer can still be delivered; the caller closes the connection.
      first = chunks = null;
      finished = true;
      done(new BodyError(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${formatBytes(maxBytes)}.`));
      return;
    }
    if (first === null) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on("end", () => {
    if (finished) return;
    finished = true;
    const body = chunks ? Buffer.concat(chunks) : first;
    let value: unknown;
    try {
      value = JSON.parse(body ? body.toString("utf8") : "");
    } catch {
      done(new BodyError(400, "MALFORMED_JSON", "The request body is not valid JSON."));
      return;
    }
    done(null, value);
  });
  req.on("error", (error) => {
    if (finished) return;
    finished = true;
    done(error);
  });
}

/** Reads and parses a JSON body; rejects with BodyError for oversize or malformed input. */
export function readJson(req: http.IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  return new Promise((resolve, reject) => readJsonBody(req, maxBytes, (error, body) => (error ? reject(error) : resolve(body))));
}

/**
 * Answers a BodyError (400/413) itself; a client that hung up mid-body is
 * noted quietly (there is nobody to answer); rethrows anything else.
 */
export function replyBodyError(res: http.ServerResponse, error: Error): void {
  if (isClientGone(error, res.req)) {
    noteClientGone(describeRequest(res.req));
    res.destroy();
    return;
  }
  if (!(error instanceof BodyError)) throw error;
  if (error.status === 413) res.setHeader("connection", "close");
  sendError(res, error.status, error.code, error.message);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Reads a JSON body, answering 400/413 itself (or nothing, to a client gone mid-body); resolves to undefined when it did. */
export async function readJsonOrReply(req: http.IncomingMessage, res: http.ServerResponse, maxBytes = MAX_BODY_BYTES): Promise<{ body: unknown } | undefined> {
  try {
    return { body: await readJson(req, maxBytes) };
  } catch (error) {
    replyBodyError(res, error as Error);
    return undefined;
  }
}
