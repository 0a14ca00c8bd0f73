import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseFile } from "./db-url";

export type Db = PrismaClient;
/** A transaction client, for functions that must run inside the caller's transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: databaseFile() });
  return new PrismaClient({ adapter });
}

// House rule: every write goes through db.$transaction. The better-sqlite3
// adapter shares one connection and serialises only transactions, so a bare
// write issued while another request's transaction is open would join it and
// vanish if that transaction rolls back.
// One client per process; dev reloads reuse it instead of opening new handles.
const globalForDb = globalThis as unknown as { gatehouseDb?: PrismaClient };
export const db: PrismaClient = globalForDb.gatehouseDb ?? createClient();
globalForDb.gatehouseDb = db;
