import type http from "node:http";
import { sendError } from "./http";

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
const routes = new Map<string, Route>();

/** Registers a handler for `METHOD /path` under /api/v1. */
export function route(method: string, path: string, handler: Route): void {
  routes.set(`${method} ${path}`, handler);
}

export function handleApiRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? "").split("?")[0];
  const handler = routes.get(`${req.method} ${path}`);
  if (!handler) {
    const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
    if (known) sendError(res, 405, "METHOD_NOT_ALLOWED", "Use POST for this endpoint.");
    else sendError(res, 404, "NOT_FOUND", "No such API endpoint.");
    return;
  }
  handler(req, res).catch((error) => {
    console.error("[api] unexpected error", error);
    if (!res.headersSent) sendError(res, 500, "INTERNAL", "Something went wrong on our side.");
    else res.end();
  });
}
