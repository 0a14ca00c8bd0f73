/**
 * `npm start`: applies migrations, then serves the console (Next.js) and the
 * /api/v1 API from one Node process on PORT (default 3000).
 * `--dev` runs Next in development mode.
 */
import next from "next";
import { signInLimitsFromEnv, signUpLimitsFromEnv } from "../lib/auth/limits-config";
import { oidcConfigFromEnv } from "../lib/auth/oidc/config";
import { sessionSecret } from "../lib/auth/secret";
import { ConfigError, databaseConfig } from "../lib/db-url";
import { limitsConfigFromEnv, type LimitsConfig } from "../lib/limits/config";
import { securePrivateFiles } from "../lib/server/data-dir";
import { applyMigrations } from "../lib/server/migrate";
import { isHttpsUrl } from "../lib/server/security-headers";
import { serverLimitsFromEnv } from "../lib/server/server-limits";
import { deliveryConfigFromEnv, type DeliveryConfig } from "../lib/webhooks/delivery-config";

// Everything Gatehouse creates from here on (database, WAL, session secret, caches) is for its own user only.
process.umask(0o077);

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

/** A setting Gatehouse cannot start with (a bad DATABASE_URL, no secret on PostgreSQL): its message alone. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`[gatehouse] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

let limitsConfig: LimitsConfig;
try {
  databaseConfig();
  limitsConfig = limitsConfigFromEnv(process.env);
  // Single sign-on: all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or none.
  oidcConfigFromEnv(process.env);
  securePrivateFiles();
  process.env.NEXTAUTH_SECRET = sessionSecret();
} catch (error) {
  exitOnConfigError(error);
}
// A self-hosted console phones nowhere.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

await applyMigrations().catch(exitOnConfigError);
// Also tightens what an older install, or the migration tool, left readable to others.
securePrivateFiles();

const trustProxy = process.env.TRUST_PROXY === "true";
// Read now, so a mistyped limit stops the start naming the variable rather than failing the first sign-in.
const serverLimits = serverLimitsFromEnv(process.env, { trustProxy });
signInLimitsFromEnv();
signUpLimitsFromEnv();
// Imported after the migrations, like everything that opens the database when loaded.
const { retentionFromEnv } = await import("../lib/maintenance/retention");
let retention: ReturnType<typeof retentionFromEnv>;
let webhookConfig: DeliveryConfig;
try {
  retention = retentionFromEnv(process.env);
  webhookConfig = deliveryConfigFromEnv(process.env);
} catch (error) {
  exitOnConfigError(error);
}

// Imported after the environment is settled: these modules read it at load time.
const { createGatehouseServer, handleSignals, listen } = await import("../lib/server/http-server");
// Where every limit counts (Redis with REDIS_URL, else the database and this process), built once:
// the console's throttles find it installed, the API is handed its hot-path limiter.
const { limitersFor } = await import("../lib/limits/from-config");
const { installLimiters } = await import("../lib/limits/installed");
const { onShutdown } = await import("../lib/server/lifecycle");
const limiters = await limitersFor(limitsConfig).catch(exitOnConfigError);
installLimiters(limiters);
onShutdown("limiters", () => limiters.close());
console.log(`[gatehouse] limits: ${limiters.summary}`);
// The /api/v1 endpoints on the configured database's hot store; their shutdown hook writes buffered usage.
const { startApi } = await import("../lib/api/routes");
const apiRuntime = await startApi(process.env, { limiter: limiters.hotPath, gcra: limiters.gcra }).catch(exitOnConfigError);
// GET /metrics reads this runtime's usage buffer and store (depth, totals, the PostgreSQL pool) at each scrape.
const { registerRuntimeMetrics } = await import("../lib/metrics/runtime");
registerRuntimeMetrics(apiRuntime);
// The Anthropic-compatible gateway (/v1/messages) on the same runtime; its drain hook runs before the usage flush.
const { startGateway } = await import("../lib/gateway/start");
let gateway: ReturnType<typeof startGateway>;
try {
  gateway = startGateway(apiRuntime, process.env);
} catch (error) {
  exitOnConfigError(error);
}

const app = next({ dev, hostname, port });
await app.prepare();
// /healthz, /readyz (not ready once the gateway drains, at SIGTERM) and /metrics (behind METRICS_TOKEN; off without it).
const { databaseReadiness, opsRoutes } = await import("../lib/health/route");
const ops = opsRoutes({ readiness: databaseReadiness(() => gateway.draining), metricsToken: process.env.METRICS_TOKEN });
const server = createGatehouseServer({
  trustProxy,
  nextHandler: app.getRequestHandler(),
  limits: serverLimits,
  https: isHttpsUrl(process.env.APP_URL) || isHttpsUrl(process.env.NEXTAUTH_URL),
  dev,
  gateway: gateway.handle,
  ops,
});
// With the gateway forwarding, shutdown lets streams in flight finish (GATEWAY_DRAIN_SECONDS); else 5 s as before.
const drainMs = gateway.upstream ? gateway.config.drainSeconds * 1000 : 5000;
handleSignals(server, { drainMs, onStop: () => gateway.beginDrain() });
await listen(server, port, hostname);
console.log(`[gatehouse] ready on http://localhost:${port}${dev ? " (development)" : ""}`);

// Background deletes in bounded batches: deleted teams' usage, and what retention no longer keeps.
// Registered last, so on shutdown it stops (after its current batch) before anything else closes.
const { startMaintenance } = await import("../lib/maintenance/scheduler");
const maintenance = startMaintenance({ retention });
(await import("../lib/server/lifecycle")).onShutdown("maintenance", () => maintenance.stop());

// Webhook deliveries, from the outbox in the database (so a restart loses none). Registered after
// maintenance, so on shutdown it stops first: sends in flight finish (10 s at most), the rest wait.
const { startWebhookWorker } = await import("../lib/webhooks/worker");
const webhooks = startWebhookWorker({ config: webhookConfig });
if (webhookConfig.allowPrivateNetworks) console.log("[gatehouse] webhooks: WEBHOOK_ALLOW_PRIVATE_NETWORKS=true, private and loopback addresses are allowed");
(await import("../lib/server/lifecycle")).onShutdown("webhooks", () => webhooks.stop());
