/**
 * The database side of `npm run bench:verify`, per engine: a fresh database
 * for the server under test, a team and keys made straight in it, another
 * connection that holds the usage write lock (the "held write lock"
 * scenario), and the counts the benchmark checks at the end.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { insertKey, insertTeam } from "../../lib/store/postgres/test-database";
import { addKey, createTeamWithKey, usageCounts, type DirectKey } from "./direct-db";
import { createDatabase, startPostgres } from "./postgres";

export type BenchEngine = "sqlite" | "postgres";

export type BenchDatabase = {
  engine: BenchEngine;
  /** DATABASE_URL for the server and the usage benchmark. */
  url: string;
  /** Call once the server has migrated the database. */
  createKey(name: string, teamId?: string): Promise<DirectKey>;
  /** Another connection holding the lock usage writes need; resolves to the release. */
  holdWriteLock(): Promise<() => Promise<void>>;
  usageCounts(keyId: string): Promise<{ events: number; verifications: Record<string, number> }>;
  stop(): Promise<void>;
};

async function sqliteDatabase(tmp: string): Promise<BenchDatabase> {
  const file = path.join(tmp, "bench.db");
  return {
    engine: "sqlite",
    url: `file:${file}`,
    createKey: async (name, teamId) => (teamId ? addKey(file, teamId, name) : createTeamWithKey(file, { keyName: name })),
    holdWriteLock: async () => {
      const other = new Database(file, { timeout: 5000 });
      other.exec("BEGIN IMMEDIATE");
      return async () => {
        other.exec("COMMIT");
        other.close();
      };
    },
    usageCounts: async (keyId) => usageCounts(file, keyId),
    stop: async () => fs.rmSync(file, { force: true }),
  };
}

async function postgresDatabase(): Promise<BenchDatabase> {
  const server = await startPostgres();
  const url = await createDatabase(server.url, "gatehouse_bench");
  const sql = new pg.Pool({ connectionString: url, max: 2 });
  sql.on("error", () => {});
  return {
    engine: "postgres",
    url,
    createKey: async (name, existingTeam) => {
      const teamId = existingTeam ?? (await insertTeam(sql));
      const key = await insertKey(sql, teamId, { name });
      return { keyId: key.keyId, teamId, secret: key.secret };
    },
    holdWriteLock: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      // Usage inserts wait for it; reads (key lookups) do not.
      await client.query(`BEGIN; LOCK TABLE "UsageEvent" IN EXCLUSIVE MODE`);
      return async () => {
        await client.query("COMMIT");
        await client.end();
      };
    },
    usageCounts: async (keyId) => {
      const events = Number((await sql.query(`SELECT COUNT(*) AS n FROM "UsageEvent" WHERE "keyId" = $1`, [keyId])).rows[0].n);
      const { rows } = await sql.query(`SELECT granularity, SUM(verifications)::int AS n FROM "UsageRollup" WHERE "keyId" = $1 GROUP BY granularity`, [keyId]);
      return { events, verifications: Object.fromEntries(rows.map((r) => [r.granularity, r.n])) };
    },
    stop: async () => {
      await sql.end();
      await server.stop();
    },
  };
}

export function benchDatabase(engine: BenchEngine, tmp: string): Promise<BenchDatabase> {
  return engine === "sqlite" ? sqliteDatabase(tmp) : postgresDatabase();
}
