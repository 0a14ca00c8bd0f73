/**
 * /healthz and /readyz on the real server, against the test database and
 * against one that cannot be reached, with a migration missing, and while
 * shutting down.
 */
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { databaseConfig } from "../db-url";
import { IsolatedSqliteAdapterFactory } from "../db-sqlite";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client";
import { createGatehouseServer } from "../server/http-server";
import { committedMigrations } from "../server/migrate";
import { Readiness, type ReadinessDeps } from "./readiness";
import { databaseReadiness, databaseReadinessDeps, opsRoutes } from "./route";

const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  if (databaseConfig().engine !== "sqlite") return;
  // The SQLite test database was made by running the committed SQL (lib/testing/setup-db.ts), without Prisma's
  // bookkeeping: record the migrations as `prisma migrate deploy` does on a real install.
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT,
    "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
  for (const name of committedMigrations("sqlite")) {
    await db.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, '', current_timestamp, ?, 1)`,
      crypto.randomUUID(),
      name,
    );
  }
});
afterAll(async () => {
  for (const close of closers) await close();
});

/** The real server with only the ops routes (and a Next stand-in that answers 418). */
async function startOps(readiness: Readiness) {
  const server = createGatehouseServer({
    trustProxy: false,
    nextHandler: (_req, res) => {
        res.writeHead(418).end();
      },
    ops: opsRoutes({ readiness, metricsToken: undefined }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (path: string, method = "GET") => {
    const res = await fetch(base + path, { method });
    const text = await res.text();
    return { status: res.status, body: text === "" ? null : JSON.parse(text), headers: res.headers };
  };
}

/** A Prisma client of this engine on a database that cannot be opened: a closed port, a directory that does not exist. */
function unreachableDatabase(): (sql: string) => Promise<unknown> {
  const client =
    databaseConfig().engine === "postgres"
      ? (new PostgresPrismaClient({
          adapter: new PrismaPg({ connectionString: "postgresql://gatehouse:secret-password@127.0.0.1:1/gatehouse" }) as unknown as SqlDriverAdapterFactory,
        }) as unknown as PrismaClient)
      : new PrismaClient({ adapter: new IsolatedSqliteAdapterFactory({ file: "/nonexistent-gatehouse-dir/secret-name.db" }) });
  closers.push(() => client.$disconnect().catch(() => {}));
  return (sql) => client.$queryRawUnsafe(sql);
}

/** The configured database's readiness with some of its parts replaced. */
const readinessWith = (overrides: Partial<ReadinessDeps>) => new Readiness({ ...databaseReadinessDeps(() => false), ...overrides });
const realQuery = databaseReadinessDeps(() => false).query;

describe("GET /healthz", () => {
  it("answers 200 ok while the process serves, even when the database is unreachable", async () => {
    const get = await startOps(readinessWith({ query: unreachableDatabase() }));
    const res = await get("/healthz");
    expect(res).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await get("/healthz?probe=1")).status).toBe(200);
    expect((await get("/healthz", "POST")).status).toBe(405);
    // Only the exact paths: anything else is the console's.
    expect((await get("/healthz/x")).status).toBe(418);
  });
});

describe("GET /readyz", () => {
  it("answers 200 ready when the database answers and every migration of its engine is applied", async () => {
    const get = await startOps(databaseReadiness(() => false));
    expect(await get("/readyz")).toMatchObject({ status: 200, body: { status: "ready", database: "ok", migrations: "ok" } });
  });

  it("answers 503 naming the database when it cannot be reached, with nothing of the database's error", async () => {
    const get = await startOps(readinessWith({ query: unreachableDatabase() }));
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    // Exactly this: no error text, host, port, file or password.
    expect(res.body).toEqual({ status: "not_ready", database: "unreachable", migrations: "unknown" });
  });

  it("answers 503 naming the migrations when one committed migration is not applied", async () => {
    const expected = [...committedMigrations(databaseConfig().engine), "20991231000000_not_applied_yet"];
    const get = await startOps(readinessWith({ expectedMigrations: expected }));
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "not_ready", database: "ok", migrations: "pending" });
  });

  it("answers 503 draining once shutdown has begun", async () => {
    let draining = false;
    const get = await startOps(readinessWith({ draining: () => draining }));
    expect((await get("/readyz")).status).toBe(200);
    draining = true;
    expect(await get("/readyz")).toMatchObject({ status: 503, body: { status: "draining" } });
  });
});

describe("Readiness", () => {
  it("reads the applied migrations once per cache period, and probes arriving together share one check", async () => {
    const seen: string[] = [];
    const counting = (sql: string) => {
      seen.push(sql === "SELECT 1" ? "ping" : "migrations");
      return realQuery(sql);
    };
    const cached = readinessWith({ query: counting });
    expect((await cached.check()).status).toBe("ready");
    expect((await cached.check()).status).toBe("ready");
    expect(seen).toEqual(["ping", "migrations", "ping"]);

    seen.length = 0;
    const uncached = readinessWith({ query: counting, migrationsCacheMs: 0 });
    const together = await Promise.all([uncached.check(), uncached.check(), uncached.check()]);
    expect(together.map((r) => r.status)).toEqual(["ready", "ready", "ready"]);
    expect(seen).toEqual(["ping", "migrations"]);
    await uncached.check();
    expect(seen).toEqual(["ping", "migrations", "ping", "migrations"]);
  });

  it("counts a database that does not answer in time as unreachable", async () => {
    const hanging = readinessWith({ query: () => new Promise(() => {}), timeoutMs: 20 });
    expect(await hanging.check()).toEqual({ status: "not_ready", database: "unreachable", migrations: "unknown" });
  });

  it("is not ready when the applied migrations cannot be read, and asks again next time", async () => {
    let fail = true;
    const readiness = readinessWith({ query: (sql) => (sql !== "SELECT 1" && fail ? Promise.reject(new Error("no such table")) : realQuery(sql)) });
    expect(await readiness.check()).toEqual({ status: "not_ready", database: "ok", migrations: "unknown" });
    fail = false;
    expect(await readiness.check()).toEqual({ status: "ready", database: "ok", migrations: "ok" });
  });
});
