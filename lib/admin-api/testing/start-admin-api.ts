/** Helpers for Admin API tests: the real server in-process on loopback, and admin keys made straight in the database. */
import type { AddressInfo } from "node:net";
import type { AdminKeyRole } from "../../actor";
import { generateAdminKey, hashAdminKey, visibleParts } from "../../admin-keys/format";
import { db } from "../../db";
import { createGatehouseServer } from "../../server/http-server";

export const TEST_ANTHROPIC_VERSION = "2023-06-01";

export type AdminRequest = {
  method?: "GET" | "POST" | "DELETE" | "PUT" | "PATCH";
  /** The admin key secret for x-api-key; omitted, none is sent. */
  key?: string;
  /** JSON-encoded unless a string (sent as is: malformed bodies). */
  body?: unknown;
  /** Extra or replacing headers; `"anthropic-version": ""` sends none. */
  headers?: Record<string, string>;
};

/**
 * Starts the real HTTP server (lib/server/http-server.ts, so /v1/organizations/ is
 * routed as in production) on a free loopback port. `request` calls it with the
 * Admin API's headers and parses the JSON answer.
 */
export async function startAdminApiServer() {
  const server = createGatehouseServer({
    trustProxy: false,
    nextHandler: (_req, res) => {
      res.writeHead(404);
      res.end();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  async function request(path: string, { method = "GET", key, body, headers = {} }: AdminRequest = {}) {
    const all: Record<string, string> = { "anthropic-version": TEST_ANTHROPIC_VERSION, ...(key ? { "x-api-key": key } : {}), ...headers };
    for (const [name, value] of Object.entries(all)) if (value === "") delete all[name];
    if (body !== undefined) all["content-type"] ??= "application/json";
    const response = await fetch(url + path, { method, headers: all, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  return {
    url,
    request,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type TestAdminApi = Awaited<ReturnType<typeof startAdminApiServer>>;

/** A live admin key of `teamId` created by `creatorId` (no permission check: tests arrange what they need). */
export async function createAdminKey(
  teamId: string,
  creatorId: string,
  role: AdminKeyRole = "admin",
  opts: { name?: string; expiresAt?: Date | null; revokedAt?: Date | null } = {},
) {
  const secret = generateAdminKey();
  const row = await db.adminKey.create({
    data: {
      teamId,
      name: opts.name ?? `Test ${role} key`,
      role,
      ...visibleParts(secret),
      hash: hashAdminKey(secret),
      createdById: creatorId,
      expiresAt: opts.expiresAt ?? null,
      revokedAt: opts.revokedAt ?? null,
    },
  });
  return { id: row.id, secret, key: row };
}
