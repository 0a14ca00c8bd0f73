/**
 * `npm run db:generate`: generates the Prisma client for each engine, from
 * prisma/schema.prisma (SQLite) and the PostgreSQL schema derived from it
 * (prisma/postgres-schema.ts). lib/db.ts imports both, so both must exist
 * whichever engine DATABASE_URL names.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { writePostgresSchema } from "../prisma/postgres-schema";

writePostgresSchema();
const prisma = path.resolve("node_modules", ".bin", "prisma");
// prisma.config.ts picks schema and adapter from DATABASE_URL; generating never connects, so a
// placeholder URL per engine selects the right schema without touching any database.
for (const url of ["file:./data/gatehouse.db", "postgresql://localhost/gatehouse"]) {
  const run = spawnSync(prisma, ["generate"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    process.exit(run.status ?? 1);
  }
}
