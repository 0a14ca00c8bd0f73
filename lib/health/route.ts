/**
 * The operational endpoints outside /api, answered by the raw Node server
 * before Next.js (lib/server/http-server.ts `ops`), unauthenticated except
 * /metrics, never logged and not counted as traffic:
 * - GET /healthz: 200 `{ status: "ok" }` while the process serves (no database);
 * - GET /readyz: 200 when ready, 503 with the failed check (./readiness.ts);
 * - GET /metrics: Prometheus text behind METRICS_TOKEN (lib/metrics/route.ts).
 */
import type http from "node:http";
import { db } from "../db";
import { databaseConfig } from "../db-url";
import { metricsHandler } from "../metrics/route";
import { APPLIED_MIGRATIONS_SQL, committedMigrations } from "../server/migrate";
import { Readiness, type ReadinessDeps } from "./readiness";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const HEALTHY = JSON.stringify({ status: "ok" });

function sendStatus(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

/** Probes read; anything else is refused, so a stray POST is not mistaken for a check. */
function readOnly(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  res.setHeader("allow", "GET, HEAD");
  sendStatus(res, 405, JSON.stringify({ status: "method_not_allowed" }));
  return false;
}

export const healthzHandler: Handler = (req, res) => {
  if (readOnly(req, res)) sendStatus(res, 200, HEALTHY);
};

export function readyzHandler(readiness: Readiness): Handler {
  return (req, res) => {
    if (!readOnly(req, res)) return;
    readiness.check().then(
      (report) => sendStatus(res, report.status === "ready" ? 200 : 503, JSON.stringify(report)),
      () => sendStatus(res, 503, JSON.stringify({ status: "not_ready" })),
    );
  };
}

/** What readiness checks on the configured database (DATABASE_URL), through the console's Prisma client. */
export function databaseReadinessDeps(draining: () => boolean): ReadinessDeps {
  return {
    query: (sql) => db.$queryRawUnsafe(sql),
    expectedMigrations: committedMigrations(databaseConfig().engine),
    appliedMigrationsSql: APPLIED_MIGRATIONS_SQL,
    draining,
  };
}

export const databaseReadiness = (draining: () => boolean) => new Readiness(databaseReadinessDeps(draining));

/** The server's `ops` routes: /healthz, /readyz on `readiness`, /metrics behind `metricsToken` (off when unset). */
export function opsRoutes({ readiness, metricsToken }: { readiness: Readiness; metricsToken: string | undefined }): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ["/healthz", healthzHandler],
    ["/readyz", readyzHandler(readiness)],
    ["/metrics", metricsHandler(metricsToken)],
  ]);
}
