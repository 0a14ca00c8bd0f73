/**
 * Makes a new migration for BOTH engines from one edit of prisma/schema.prisma:
 * prisma/migrations/<stamp>_<name>/ (SQLite) and
 * prisma/postgres/migrations/<stamp>_<name>/ (PostgreSQL, from the derived schema).
 * Each migration keeps a snapshot of the schema it leads to; the next one is
 * the diff from that snapshot to the current schema. `prisma migrate dev`
 * cannot run offline with the JS engine (and diffing from the migrations
 * needs a shadow database), so this is how migrations are made here.
 *   Usage: npm run db:new-migration -- add_widgets
 */
import { makeMigrations } from "./lib/migrations";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(1);
}

const created = makeMigrations(name);
if (created.length === 0) {
  console.log("The schema has not changed since the last migration; nothing to do.");
} else {
  for (const dir of created) console.log(`Created ${dir}`);
  console.log("Review the SQL, then apply it with `npm run db:migrate` (also done on every start).");
}
