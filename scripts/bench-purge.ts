/**
 * `npm run bench:purge [-- --events 1000000 --engine sqlite|postgres|both]`
 *
 * How long the event loop is blocked while a deleted team's usage goes away:
 * the way deleteTeam used to do it (one DELETE of every row, in the request's
 * transaction) against the background purge (lib/maintenance/purge.ts, bounded
 * batches with pauses), with an idle stretch as the floor. For each it prints
 * the wall time, the longest event-loop block (perf_hooks.monitorEventLoopDelay)
 * and how long a concurrent small read (what every other request does) took at
 * worst. Each engine runs in a child process of its own: lib/db picks its
 * engine from DATABASE_URL once per process.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createDatabase, findPostgresBin, startPostgres } from "./lib/postgres";

type Engine = "sqlite" | "postgres";
type Figures = { way: string; wallMs: number; maxBlockMs: number; p99BlockMs: number; readMaxMs: number; reads: number; note: string };

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    engine: { type: "string", default: "both" },
    child: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const ROLLUPS = Math.max(1, Math.floor(EVENTS / 50));
const TEAM = "bench-deleted-team";
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

/** Runs `work` while sampling the event loop and timing a small read every 5 ms, as other requests would. */
async function measure(way: string, work: () => Promise<string>): Promise<Figures> {
  const { db } = await import("../lib/db");
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let stop = false;
  let readMaxMs = 0;
  let reads = 0;
  // Reads due every 5 ms on a fixed timeline, each timed from when it was due: a read that could
  // not even start because the event loop was blocked counts that wait, as a request would.
  const reader = (async () => {
    const start = performance.now();
    for (let due = start; !stop; due += 5) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await db.apiKey.findFirst({ select: { id: true } });
      readMaxMs = Math.max(readMaxMs, performance.now() - due);
      reads++;
      // Catch up after a block without replaying every missed slot.
      due = Math.max(due, performance.now() - 5);
    }
  })();
  histogram.enable();
  // The histogram records a delay only from its second tick on: a block that started at once would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 10));
  const t0 = performance.now();
  const note = await work();
  const wallMs = performance.now() - t0;
  // A timer held up by the last stretch of work fires only now: let the histogram see it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  stop = true;
  await reader;
  return { way, wallMs, maxBlockMs: histogram.max / 1e6, p99BlockMs: histogram.percentile(99) / 1e6, readMaxMs, reads, note };
}

/** EVENTS events over 30 days and ROLLUPS minute rollups for the team, in one statement each (outside any measurement). */
async function seed(engine: Engine): Promise<void> {
  const { db } = await import("../lib/db");
  const now = Date.now();
  const series =
    engine === "postgres"
      ? (n: number) => `SELECT i FROM generate_series(1, ${n}) AS s(i)`
      : (n: number) => `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s`;
  await db.$executeRawUnsafe(
    `INSERT INTO "UsageEvent" ("keyId", "teamId", "ts", "kind", "outcome", "status", "latencyMs", "model", "inputTokens", "outputTokens")
     SELECT 'bench-key-' || (i % 20), '${TEAM}', ${now} - (CAST(i AS BIGINT) * 2591), 'report', 'VALID', 200, 120, 'claude-sonnet-5', 1000, 200
     FROM (${series(EVENTS)}) AS t`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "UsageRollup" ("keyId", "teamId", "granularity", "bucketStart", "verifications", "valid")
     SELECT 'bench-key-' || (i % 20), '${TEAM}', 'minute', ${now} - (CAST(i AS BIGINT) * 60000), 1, 1 FROM (${series(ROLLUPS)}) AS t`,
  );
  // A team that stays, so the reads above have something to find.
  await db.$executeRawUnsafe(`INSERT INTO "Team" ("id", "slug", "name") VALUES ('bench-live', 'bench-live', 'Live') ON CONFLICT DO NOTHING`);
  if (engine === "sqlite") {
    // The seed wrote a WAL of 100+ MB in one statement; checkpoint it now, or the first commit
    // measured below would copy all of it back on the event loop and be blamed for it.
    const { default: Database } = await import("better-sqlite3");
    const { databaseFile } = await import("../lib/db-url");
    const other = new Database(databaseFile());
    other.pragma("wal_checkpoint(TRUNCATE)");
    other.close();
  } else {
    await db.$executeRawUnsafe(`VACUUM ANALYZE "UsageEvent"`);
  }
}

async function child(engine: Engine): Promise<void> {
  const { db } = await import("../lib/db");
  const figures: Figures[] = [];
  // Connections open (and Prisma warms up) before anything is measured.
  for (let i = 0; i < 20; i++) await db.apiKey.findFirst({ select: { id: true } });
  figures.push(await measure("idle (the floor: this machine's noise)", () => new Promise((resolve) => setTimeout(() => resolve("-"), 2000))));

  await seed(engine);
  figures.push(
    await measure("one DELETE in the request (before)", async () => {
      const cpu = process.cpuUsage();
      // What deleteTeam did: every row in the request's own transaction.
      await db.$transaction(
        async (tx) => {
          await tx.usageEvent.deleteMany({ where: { teamId: TEAM } });
          await tx.usageRollup.deleteMany({ where: { teamId: TEAM } });
        },
        { timeout: 600_000, maxWait: 60_000 },
      );
      const used = process.cpuUsage(cpu);
      return `all rows in one transaction; CPU ${fmt((used.user + used.system) / 1000)}`;
    }),
  );

  await seed(engine);
  const { purgeDeletedTeams } = await import("../lib/maintenance/purge");
  const { DEFAULT_PAUSE_MS, defaultBatchSize } = await import("../lib/maintenance/batches");
  await db.teamPurge.create({ data: { teamId: TEAM } });
  figures.push(
    await measure(`background purge (${defaultBatchSize()} rows a batch, ${DEFAULT_PAUSE_MS} ms pauses)`, async () => {
      // CPU used from one batch's end to the next one's (a pause, then one DELETE): the batch's own
      // cost, which, unlike wall time, other processes on a busy machine cannot inflate.
      let cpu = process.cpuUsage();
      const perBatchCpuMs: number[] = [];
      const report = await purgeDeletedTeams({
        onBatch: () => {
          const used = process.cpuUsage(cpu);
          perBatchCpuMs.push((used.user + used.system) / 1000);
          cpu = process.cpuUsage();
        },
      });
      perBatchCpuMs.sort((a, b) => a - b);
      const median = perBatchCpuMs[Math.floor(perBatchCpuMs.length / 2)];
      const max = perBatchCpuMs[perBatchCpuMs.length - 1];
      const left = await db.usageEvent.count({ where: { teamId: TEAM } });
      if (left || report.teamsPurged !== 1) throw new Error(`purge left ${left} events`);
      const batches = report.events.batches + report.rollups.batches;
      return `${batches.toLocaleString("en-US")} batches of ≤ ${report.events.largestBatch} rows; CPU per batch median ${fmt(median)}, max ${fmt(max)}`;
    }),
  );

  console.log(`\n${engine}: ${EVENTS.toLocaleString("en-US")} usage events + ${ROLLUPS.toLocaleString("en-US")} minute rollups of one deleted team`);
  console.log(`  ${"".padEnd(58)}${"wall".padStart(9)}${"longest event-loop block".padStart(26)}${"p99 block".padStart(11)}${"slowest concurrent read".padStart(25)}`);
  for (const f of figures) {
    console.log(
      `  ${f.way.padEnd(58)}${(f.note === "-" ? "-" : fmt(f.wallMs)).padStart(9)}${fmt(f.maxBlockMs).padStart(26)}${fmt(f.p99BlockMs).padStart(11)}${fmt(f.readMaxMs).padStart(25)}${f.note === "-" ? "" : `   ${f.note}`}`,
    );
  }
  await db.$disconnect();
}

/** A migrated SQLite file: the committed migrations, run directly (as the test setup does). */
async function sqliteUrl(dir: string): Promise<string> {
  const { default: Database } = await import("better-sqlite3");
  const file = path.join(dir, "bench-purge.db");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  const migrations = path.resolve("prisma", "migrations");
  for (const name of fs.readdirSync(migrations).sort()) {
    const sql = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(sql)) sqlite.exec(fs.readFileSync(sql, "utf8"));
  }
  sqlite.close();
  return `file:${file}`;
}

function runChild(engine: Engine, url: string): void {
  execFileSync(process.execPath, [...process.execArgv, process.argv[1], "--child", engine, "--events", String(EVENTS)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
}

async function main(): Promise<void> {
  if (values.child) return child(values.child as Engine);
  const wanted = values.engine === "both" ? (["sqlite", "postgres"] as const) : [values.engine as Engine];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-purge-"));
  try {
    for (const engine of wanted) {
      if (engine === "sqlite") {
        runChild("sqlite", await sqliteUrl(dir));
      } else if (!findPostgresBin() && values.engine === "both") {
        console.log("\npostgres: skipped (no PostgreSQL server binaries; see TOOLCHAIN.md)");
      } else {
        const server = await startPostgres();
        try {
          const url = await createDatabase(server.url, "gatehouse_bench_purge");
          const previous = process.env.DATABASE_URL;
          process.env.DATABASE_URL = url;
          const { applyMigrations } = await import("../lib/server/migrate");
          await applyMigrations();
          if (previous === undefined) delete process.env.DATABASE_URL;
          else process.env.DATABASE_URL = previous;
          runChild("postgres", url);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
