/**
 * Builds the hot store for the configured database (DATABASE_URL, parsed by
 * lib/db-url.ts). Called once by the server at start (lib/api/routes.ts
 * `startApi`) and by tests; nothing connects at import.
 */
import { databaseConfig, type DatabaseConfig } from "../db-url";
import { PostgresHotStore, type PostgresStoreOptions } from "./postgres/store";
import { SqliteHotStore, type SqliteStoreOptions } from "./sqlite/store";
import type { HotStore } from "./types";

export type HotStoreOptions = { sqlite?: SqliteStoreOptions; postgres?: PostgresStoreOptions };

export async function openHotStore(config: DatabaseConfig = databaseConfig(), options: HotStoreOptions = {}): Promise<HotStore> {
  if (config.engine === "postgres") return new PostgresHotStore(config.url, options.postgres);
  return new SqliteHotStore(config.file, options.sqlite);
}
