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
import crypto from "node:crypto";
import { generateServiceToken, hashServiceToken } from "../../lib/operator/service-token-format";
import { addKey, createTeamWithKey, usageCounts, type DirectKey } from "./direct-db";
import { createDatabase, startPostgres } from "./postgres";

export type BenchEngine = "sqlite" | "postgres";

export type BenchDatabase = {
  engine: BenchEngine;
  /** DATABASE_URL for the server and the usage benchmark. */
  url: string;
  /** Call once the server has migrated the database. */
  createKey(name: string, teamId?: string): Promise<DirectKey>;
  /** A service token for /api/v1, made straight in the database; resolves to its secret. */
  createServiceToken(): Promise<string>;
  /** Gives a key a policy that exercises every check (models, IP allowlist, RPM, TPM, budget), none of which refuses the benchmark. */
  setFullPolicy(keyId: string): Promise<void>;
  /** Another connection holding the lock usage writes need; resolves to the release. */
  holdWriteLock(): Promise<() => Promise<void>>;
  usageCounts(keyId: string): Promise<{ events: number; verifications: Record<string, number> }>;
  stop(): Promise<void>;
};

/** Every check runs and passes: the benchmark's model and 127.0.0.1 are allowed, and the limits are far above its rate. */
export const FULL_POLICY = {
  allowedModels: JSON.stringify(["claude-sonnet-5", "claude-haiku-4-5", "claude-opus-5"]),
  ipAllowlist: JSON.stringify(["10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32", "127.0.0.0/8"]),
  rpmLimit: 1_000_000_000,
  tpmLimit: 1_000_000_000,
  budgetMicros: 1_000_000_000_000,
};

function tokenRow() {
  const secret = generateServiceToken();
  return { id: "c" + crypto.randomBytes(12).toString("hex"), secret, prefix: secret.slice(0, 8), last4: secret.slice(-4), hash: hashServiceToken(secret) };
}

async function sqliteDatabase(tmp: string): Promise<BenchDatabase> {
  const file = path.join(tmp, "bench.db");
  const run = (sql: string, ...params: unknown[]) => {
    const db = new Database(file, { timeout: 5000 });
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  return {
    engine: "sqlite",
    url: `file:${file}`,
    createServiceToken: async () => {
      const t = tokenRow();
      run(`INSERT INTO ServiceToken (id, name, prefix, last4, hash, createdAt) VALUES (?, 'Bench', ?, ?, ?, ?)`, t.id, t.prefix, t.last4, t.hash, new Date().toISOString().replace("Z", "+00:00"));
      return t.secret;
    },
    setFullPolicy: async (keyId) => {
      const p = FULL_POLICY;
      run(`UPDATE ApiKey SET allowedModels = ?, ipAllowlist = ?, rpmLimit = ?, tpmLimit = ?, budgetMicros = ? WHERE id = ?`, p.allowedModels, p.ipAllowlist, p.rpmLimit, p.tpmLimit, p.budgetMicros, keyId);
    },
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
    createServiceToken: async () => {
      const t = tokenRow();
      await sql.query(`INSERT INTO "ServiceToken" (id, name, prefix, last4, hash) VALUES ($1, 'Bench', $2, $3, $4)`, [t.id, t.prefix, t.last4, t.hash]);
      return t.secret;
    },
    setFullPolicy: async (keyId) => {
      const p = FULL_POLICY;
      await sql.query(`UPDATE "ApiKey" SET "allowedModels" = $1, "ipAllowlist" = $2, "rpmLimit" = $3, "tpmLimit" = $4, "budgetMicros" = $5 WHERE id = $6`, [
        p.allowedModels, p.ipAllowlist, p.rpmLimit, p.tpmLimit, p.budgetMicros, keyId,
      ]);
    },
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
