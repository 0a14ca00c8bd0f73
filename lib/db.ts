import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-postgres/client";
import { databaseConfig } from "./db-url";
import { IsolatedSqliteAdapterFactory } from "./db-sqlite";

export type Db = PrismaClient;
/** A transaction client, for functions that must run inside the caller's transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * One client for the engine DATABASE_URL names. Prisma generates a client per
 * provider (prisma/postgres-schema.ts); both are built from the same models,
 * so callers get the SQLite client's type whatever the engine. Write SQL that
 * both engines accept: quoted "Identifiers", bound parameters, no
 * engine-specific functions.
 */
function createClient(): PrismaClient {
  const config = databaseConfig();
  if (config.engine === "postgres") {
    // adapter-pg 7.x speaks the same driver-adapter protocol as client 6.19.3 (its 6.x cannot
    // read a Postgres schema offline); only its declared types come from the newer utils package.
    const adapter = new PrismaPg({ connectionString: config.url }) as unknown as SqlDriverAdapterFactory;
    // Prisma's default 2 s wait for a pooled connection is short for a burst (30 parallel sign-ups
    // on a busy 2-core machine each waited for one of the pool's 10 connections and some gave up).
    return new PostgresPrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }) as unknown as PrismaClient;
  }
  // Reads never see another request's open transaction and writes never join one: see db-sqlite.ts.
  return new PrismaClient({ adapter: new IsolatedSqliteAdapterFactory({ file: config.file }) });
}

// One client per process; dev reloads reuse it instead of opening new handles.
const globalForDb = globalThis as unknown as { gatehouseDb?: PrismaClient };
export const db: PrismaClient = globalForDb.gatehouseDb ?? createClient();
globalForDb.gatehouseDb = db;
