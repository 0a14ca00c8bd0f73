/**
 * `npm start`: applies migrations, then serves the console (Next.js) and the
 * /api/v1 API from one Node process on PORT (default 3000).
 * `--dev` runs Next in development mode.
 */
import next from "next";
import { sessionSecret } from "../lib/auth/secret";
import { applyMigrations } from "../lib/server/migrate";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

process.env.NEXTAUTH_SECRET = sessionSecret();
// A self-hosted console phones nowhere.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

applyMigrations();

// Imported after the environment is settled: these modules read it at load time.
const { createGatehouseServer, handleSignals, listen } = await import("../lib/server/http-server");
// The /api/v1 endpoints on the configured database's hot store; their shutdown hook writes buffered usage.
const { startApi } = await import("../lib/api/routes");
await startApi();

const app = next({ dev, hostname, port });
await app.prepare();
const server = createGatehouseServer({
  trustProxy: process.env.TRUST_PROXY === "true",
  nextHandler: app.getRequestHandler(),
});
handleSignals(server);
await listen(server, port, hostname);
console.log(`[gatehouse] ready on http://localhost:${port}${dev ? " (development)" : ""}`);
