/**
 * Every /api/v1 endpoint is called by the provider's backend with a service
 * token (`Authorization: Bearer gks_…`, issued in the Operator area), never
 * with a partner's key: nobody can test keys through the API or report usage
 * against their own key. A malformed token is refused without a lookup; a
 * revoked one at once on this replica and within 500 ms on the others.
 */
import type http from "node:http";
import { recordRequest } from "../metrics/requests";
import { hashServiceToken, parseServiceToken } from "../operator/service-token-format";
import type { HotStore, ServiceTokenRow } from "../store/types";
import { sendError } from "./http";
import type { Route } from "./router";

type TokenStore = Pick<HotStore, "findServiceToken" | "touchServiceToken">;

const MISSING = "Call this endpoint with a service token: `Authorization: Bearer gks_…` (Operator → Service tokens).";
const INVALID = "This service token is not valid.";
const REVOKED = "This service token has been revoked.";

function refuseWith401(res: http.ServerResponse, code: string, message: string): void {
  res.setHeader("www-authenticate", 'Bearer realm="gatehouse"');
  sendError(res, 401, code, message);
}

/**
 * Runs `handler` only for a request carrying a live service token; answers 401 JSON otherwise.
 * `endpoint`: the metrics name a refusal is counted under (GET /metrics), when the handler counts its own answers.
 */
export function withServiceToken(store: TokenStore, handler: Route, endpoint?: string): Route {
  const refuse = (res: http.ServerResponse, code: string, message: string) => {
    if (endpoint !== undefined) recordRequest(endpoint, "4xx");
    refuseWith401(res, code, message);
  };
  const judge = (req: http.IncomingMessage, res: http.ServerResponse, row: ServiceTokenRow | undefined, now: number) => {
    if (!row) return refuse(res, "INVALID_SERVICE_TOKEN", INVALID);
    if (row.revokedAt !== null && row.revokedAt <= now) return refuse(res, "SERVICE_TOKEN_REVOKED", REVOKED);
    store.touchServiceToken(row.id, now);
    return handler(req, res);
  };
  return (req, res) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return refuse(res, "MISSING_SERVICE_TOKEN", MISSING);
    if (!parseServiceToken(match[1])) return refuse(res, "INVALID_SERVICE_TOKEN", INVALID);
    const now = Date.now();
    const found = store.findServiceToken(match[1], hashServiceToken);
    if (found instanceof Promise) return found.then((row) => judge(req, res, row, now));
    return judge(req, res, found, now);
  };
}
