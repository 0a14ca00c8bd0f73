/**
 * What GET /readyz reports: whether this replica should get traffic. Ready
 * means the database answers `SELECT 1` within 2 s and has applied every
 * committed migration of its engine (`_prisma_migrations`, the table
 * lib/server/migrate.ts keeps); not ready once shutdown has begun (the
 * gateway's drain), so a load balancer stops sending new requests first.
 *
 * The migrations answer is kept for 10 s (it changes only with a deploy);
 * probes arriving together share one check. The report names the check that
 * failed and never carries the database's error text.
 */
export type ReadinessReport =
  | { status: "ready"; database: "ok"; migrations: "ok" }
  | { status: "draining" }
  | { status: "not_ready"; database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown" };

export type ReadinessDeps = {
  /** Runs one read-only statement on the console's database, resolving to its rows (Prisma's `$queryRawUnsafe`). */
  query: (sql: string) => Promise<unknown>;
  /** Every migration that must be applied (lib/server/migrate.ts committedMigrations). */
  expectedMigrations: readonly string[];
  /** The SQL that lists applied migrations as rows of `{ migration_name }`. */
  appliedMigrationsSql: string;
  /** Shutdown has begun. */
  draining: () => boolean;
  timeoutMs?: number;
  migrationsCacheMs?: number;
};

const TIMEOUT_MS = 2000;
const MIGRATIONS_CACHE_MS = 10_000;

class TimedOut extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class Readiness {
  private migrations: { answer: "ok" | "pending"; until: number } | null = null;
  private inFlight: Promise<ReadinessReport> | null = null;

  constructor(private readonly deps: ReadinessDeps) {}

  check(): Promise<ReadinessReport> {
    if (this.deps.draining()) return Promise.resolve({ status: "draining" });
    return (this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    }));
  }

  private async run(): Promise<ReadinessReport> {
    const timeoutMs = this.deps.timeoutMs ?? TIMEOUT_MS;
    try {
      await within(Promise.resolve().then(() => this.deps.query("SELECT 1")), timeoutMs);
    } catch {
      return { status: "not_ready", database: "unreachable", migrations: "unknown" };
    }
    const migrations = await this.migrationsAnswer(timeoutMs);
    if (migrations !== "ok") return { status: "not_ready", database: "ok", migrations };
    return this.deps.draining() ? { status: "draining" } : { status: "ready", database: "ok", migrations: "ok" };
  }

  private async migrationsAnswer(timeoutMs: number): Promise<"ok" | "pending" | "unknown"> {
    const now = Date.now();
    if (this.migrations !== null && now < this.migrations.until) return this.migrations.answer;
    let rows: unknown;
    try {
      rows = await within(Promise.resolve().then(() => this.deps.query(this.deps.appliedMigrationsSql)), timeoutMs);
    } catch {
      // Unreadable (no bookkeeping table, a timeout): not cached, the next probe asks again.
      return "unknown";
    }
    const applied = new Set((rows as { migration_name: string }[]).map((row) => row.migration_name));
    const answer = this.deps.expectedMigrations.every((name) => applied.has(name)) ? "ok" : "pending";
    this.migrations = { answer, until: now + (this.deps.migrationsCacheMs ?? MIGRATIONS_CACHE_MS) };
    return answer;
  }
}
