/**
 * One replica at a time per maintenance job. Several Gatehouse processes on
 * one PostgreSQL would otherwise all walk the same rows every interval and
 * contend for them; the deletes are idempotent, so this is about not wasting
 * the database, not about correctness.
 *
 * PostgreSQL: a session advisory lock, taken with pg_try_advisory_lock on a
 * connection of its own (Prisma's pool may run consecutive queries on
 * different connections, and a session lock belongs to one). A replica that
 * finds it taken skips this run. If the holder dies, its connection closes and
 * the lock goes with it.
 * SQLite: one process per database file, so there is nobody to exclude.
 */
import pg from "pg";
import { databaseConfig } from "../db-url";

export type MaintenanceJob = "purge" | "retention";

// Arbitrary, fixed, and distinct from Prisma's migration lock (72707369, lib/server/migrate.ts).
const LOCK_KEYS: Record<MaintenanceJob, number> = { purge: 0x6761_7401, retention: 0x6761_7402 };

export type LockedRun<T> = { ran: true; result: T } | { ran: false };

export async function withJobLock<T>(job: MaintenanceJob, work: () => Promise<T>): Promise<LockedRun<T>> {
  const config = databaseConfig();
  if (config.engine !== "postgres") return { ran: true, result: await work() };

  const client = new pg.Client({ connectionString: config.url, application_name: `gatehouse-maintenance-${job}` });
  // A dropped lock connection must not crash the process; the run finishes, and overlapping with
  // another replica for once is harmless.
  client.on("error", (error) => console.error(`[maintenance] ${job} lock connection lost:`, error.message));
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LOCK_KEYS[job]]);
    if (!rows[0]?.locked) return { ran: false };
    return { ran: true, result: await work() };
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => {});
  }
}
