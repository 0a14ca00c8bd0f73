/** Helpers for API tests: the real lean server in-process and keys made straight in the database. */
import type { AddressInfo } from "node:net";
import { db } from "../db";
import { generateKey, hashKey, visibleParts, type Environment } from "../keys/format";
import { generateServiceToken, hashServiceToken } from "../operator/service-token-format";
import { createGatehouseServer, type ServerOptions } from "../server/http-server";
import { createApiRuntime, registerApiRoutes, type ApiDeps } from "./routes";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

/**
 * Starts the real HTTP server on a free loopback port with the API wired to
 * the test database's store. `overrides` replace single dependencies (a
 * smaller buffer, a lower quota); `options.ops` adds /healthz, /readyz and
 * /metrics (lib/health/route.ts). `flush()` waits until every buffered event
 * is in the database.
 */
export async function startApiServer(overrides: Partial<ApiDeps> = {}, env: Env = {}, options: Pick<ServerOptions, "ops"> = {}) {
  const runtime = await createApiRuntime(env, overrides);
  const serviceToken = await createServiceToken();
  registerApiRoutes(runtime);
  const server = createGatehouseServer({
    trustProxy: false,
    nextHandler: (_req, res) => {
      res.writeHead(404);
      res.end();
    },
    ops: options.ops,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    runtime,
    flush: () => runtime.usage.flush(),
    serviceToken,
    /** POSTs JSON with the service token, unless `headers.authorization` says otherwise ("" sends none). */
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(base + path, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${serviceToken.secret}`, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.close();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startApiServer>>;

export async function createTestKey(
  teamId: string,
  options: { environment?: Environment; name?: string; expiresAt?: Date | null; revokedAt?: Date | null } = {},
) {
  const environment = options.environment ?? "production";
  const secret = generateKey(environment);
  const key = await db.apiKey.create({
    data: {
      teamId,
      name: options.name ?? "Test key",
      environment,
      ...visibleParts(secret),
      hash: hashKey(secret),
      expiresAt: options.expiresAt ?? null,
      revokedAt: options.revokedAt ?? null,
    },
  });
  return { key, secret };
}

/** A live service token made straight in the database (the operator's console does the same through its service). */
export async function createServiceToken(name = "Test backend", options: { revokedAt?: Date | null } = {}) {
  const secret = generateServiceToken();
  const row = await db.serviceToken.create({
    data: { name, prefix: secret.slice(0, 8), last4: secret.slice(-4), hash: hashServiceToken(secret), revokedAt: options.revokedAt ?? null },
  });
  return { id: row.id, secret };
}
