/**
 * Builds the hot store for the configured database (DATABASE_URL). Called
 * once by the server at start (lib/api/routes.ts `startApi`) and by tests;
 * nothing connects at import.
 */
import { databaseFile } from "../db-url";
import { SqliteHotStore } from "./sqlite/store";
import type { HotStore } from "./types";

export async function openHotStore(): Promise<HotStore> {
  return new SqliteHotStore(databaseFile());
}
