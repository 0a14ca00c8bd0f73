import type http from "node:http";
import { describeRequest, isClientGone, noteClientGone } from "../server/client-gone";
import { sendError } from "./http";

/** A handler may answer synchronously (via callbacks) or return a promise; both report failures as 500. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
const routes = new Map<string, Route>();

/** Registers a handler for `METHOD /path` under /api/v1. */
export function route(method: string, path: string, handler: Route): void {
  routes.set(`${method} ${path}`, handler);
}

export function handleApiRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? "";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  const handler = routes.get(`${req.method} ${path}`);
  if (!handler) {
    const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
    if (known) sendError(res, 405, "METHOD_NOT_ALLOWED", "Use POST for this endpoint.");
    else sendError(res, 404, "NOT_FOUND", "No such API endpoint.");
    return;
  }
  try {
    const pending = handler(req, res);
    if (pending) pending.catch((error) => failed(res, error));
  } catch (error) {
    failed(res, error);
  }
}

/** Last resort for a handler that threw: log it, answer a generic 500 (a client that hung up gets one quiet line). */
export function failed(res: http.ServerResponse, error: unknown): void {
  if (isClientGone(error, res.req)) {
    noteClientGone(describeRequest(res.req));
    res.destroy();
    return;
  }
  console.error("[api] unexpected error", error);
  if (!res.headersSent) sendError(res, 500, "INTERNAL", "Something went wrong on our side.");
  else res.end();
}
