/**
 * Every Prisma CLI command runs for the engine DATABASE_URL names (lib/db-url.ts):
 * SQLite uses prisma/schema.prisma and prisma/migrations; PostgreSQL uses the
 * schema derived from it (rewritten here first, so it is never stale) and
 * prisma/postgres/migrations. `npm run db:generate` generates both clients.
 */
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseConfig } from "./lib/db-url";
import { writePostgresSchema } from "./prisma/postgres-schema";

const config = databaseConfig();

export default defineConfig({
  schema: config.engine === "postgres" ? writePostgresSchema() : path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    config.engine === "postgres"
      ? // adapter-pg 7.x implements the same driver-adapter contract as client/CLI 6.19.3 (its 6.x fails
        // to read a Postgres schema offline); only its declared types come from the newer utils package.
        (new PrismaPg({ connectionString: config.url }) as unknown as SqlMigrationAwareDriverAdapterFactory)
      : new PrismaBetterSQLite3({ url: config.file }),
});
