/**
 * `npm run db:migrate`: applies pending migrations to the database DATABASE_URL
 * names, exactly as every start does (lib/server/migrate.ts: on PostgreSQL
 * under the migration lock, so it is safe while replicas start).
 */
import { ConfigError } from "../lib/db-url";
import { applyMigrations, pendingMigrations } from "../lib/server/migrate";

try {
  const pending = await pendingMigrations();
  if (pending.length === 0) console.log("[migrate] the database is up to date");
  else await applyMigrations();
} catch (error) {
  console.error(`[migrate] ${error instanceof ConfigError ? error.message : error}`);
  process.exit(1);
}
