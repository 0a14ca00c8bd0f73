/**
 * For tests of the PostgreSQL store, which run when the suite runs on
 * PostgreSQL (GATEHOUSE_TEST_ENGINE=postgres): raw SQL on the test file's
 * database, for what the store reads and for what it must survive (a renamed
 * table, a trigger that refuses rows).
 */
import crypto from "node:crypto";
import pg from "pg";
import { databaseConfig } from "../../db-url";
import { generateKey, hashKey, visibleParts } from "../../keys/format";

/**
 * A pool on the test file's own PostgreSQL database: the one lib/testing/setup-db.ts
 * created (a migrated copy) when the suite runs on PostgreSQL.
 */
export function testPostgresPool(): pg.Pool {
  const config = databaseConfig();
  if (config.engine !== "postgres") throw new Error("testPostgresPool() needs a PostgreSQL test run (GATEHOUSE_TEST_ENGINE=postgres)");
  const pool = new pg.Pool({ connectionString: config.url, max: 4 });
  // The database is dropped (WITH FORCE) when the file is done; an idle connection cut then is expected.
  pool.on("error", () => {});
  return pool;
}

const id = () => "c" + crypto.randomBytes(12).toString("hex");

export async function insertTeam(sql: pg.Pool): Promise<string> {
  const teamId = id();
  await sql.query(`INSERT INTO "Team" (id, slug, name) VALUES ($1, $2, 'Test team')`, [teamId, `t-${teamId}`]);
  return teamId;
}

export async function insertKey(
  sql: pg.Pool,
  teamId: string,
  options: { name?: string; expiresAt?: Date | null; revokedAt?: Date | null } = {},
): Promise<{ keyId: string; teamId: string; secret: string; hash: string }> {
  const keyId = id();
  const secret = generateKey("production");
  const { prefix, last4 } = visibleParts(secret);
  // Prisma keeps DateTime as timestamp(3) without time zone, in UTC.
  const utc = (d: Date | null | undefined) => (d ? d.toISOString().replace("Z", "") : null);
  await sql.query(
    `INSERT INTO "ApiKey" (id, "teamId", name, environment, prefix, last4, hash, "expiresAt", "revokedAt") VALUES ($1, $2, $3, 'production', $4, $5, $6, $7, $8)`,
    [keyId, teamId, options.name ?? "Test key", prefix, last4, hashKey(secret), utc(options.expiresAt), utc(options.revokedAt)],
  );
  return { keyId, teamId, secret, hash: hashKey(secret) };
}
