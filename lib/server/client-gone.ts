/**
 * A client that hangs up mid-request (an aborted upload, a dropped mobile
 * connection, a request cut by our own body timeout) is not a server error:
 * there is nobody left to answer and nothing to fix. Under a slow-client
 * flood there are thousands of them, so they are counted and logged as one
 * short line a minute rather than one stack trace each.
 */
const CLIENT_GONE_CODES = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE", "ERR_HTTP_REQUEST_TIMEOUT"]);

/**
 * Whether `error` is this request's client hanging up. The request must be
 * gone too: an ECONNRESET from the database driver while the client is still
 * waiting is a server error, and must be logged and answered as one.
 */
export function isClientGone(error: unknown, req: { destroyed?: boolean; socket?: { destroyed?: boolean } | null }): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const looksGone = (typeof code === "string" && CLIENT_GONE_CODES.has(code)) || error.message === "aborted";
  return looksGone && (req.destroyed === true || req.socket?.destroyed === true);
}

const SUMMARY_EVERY_MS = 60_000;

/** Counts clients that went away; logs the first at once and the rest as a sum once a minute. */
class ClientGoneLog {
  /** Since the process started: for tests and a future metrics endpoint. */
  total = 0;
  private quietUntil = 0;
  private unreported = 0;
  private summary: NodeJS.Timeout | undefined;

  note(what: string, now = Date.now()): void {
    this.total++;
    if (now >= this.quietUntil) {
      this.quietUntil = now + SUMMARY_EVERY_MS;
      console.warn(`[http] client went away before the request was complete (${what})`);
      return;
    }
    this.unreported++;
    this.summary ??= setTimeout(() => {
      this.summary = undefined;
      if (this.unreported > 0) console.warn(`[http] ${this.unreported} more clients went away before their requests were complete`);
      this.unreported = 0;
    }, this.quietUntil - now).unref();
  }
}

export const clientGoneLog = new ClientGoneLog();

export function noteClientGone(what: string): void {
  clientGoneLog.note(what);
}

/** "POST /api/v1/usage", without the query string (which may carry anything). */
export function describeRequest(req: { method?: string; url?: string }): string {
  const url = req.url ?? "";
  const query = url.indexOf("?");
  return `${req.method ?? "?"} ${(query === -1 ? url : url.slice(0, query)).slice(0, 100)}`;
}
