/**
 * Creates a user, team and API key straight in a Gatehouse SQLite database
 * (for benchmarks and end-to-end checks that run against a server process).
 * Dates use the text format Prisma's SQLite adapter writes.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { generateKey, hashKey, visibleParts, type Environment } from "../../lib/keys/format";

const now = () => new Date().toISOString().replace("Z", "+00:00");
const id = () => "c" + crypto.randomBytes(12).toString("hex");

export type DirectKey = { keyId: string; teamId: string; secret: string };

export function createTeamWithKey(dbFile: string, options: { keyName?: string; environment?: Environment } = {}): DirectKey {
  const db = new Database(dbFile, { timeout: 5000 });
  try {
    const userId = id();
    const teamId = id();
    const keyId = id();
    const environment = options.environment ?? "production";
    const secret = generateKey(environment);
    const { prefix, last4 } = visibleParts(secret);
    db.transaction(() => {
      db.prepare(`INSERT INTO User (id, email, name, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)`).run(userId, `bench-${userId}@example.test`, "Bench", "x", now());
      db.prepare(`INSERT INTO Team (id, slug, name, description, createdAt) VALUES (?, ?, ?, '', ?)`).run(teamId, `bench-${teamId}`, "Bench team", now());
      db.prepare(`INSERT INTO Membership (id, teamId, userId, role, createdAt) VALUES (?, ?, ?, 'owner', ?)`).run(id(), teamId, userId, now());
      db.prepare(
        `INSERT INTO ApiKey (id, teamId, name, environment, prefix, last4, hash, createdById, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(keyId, teamId, options.keyName ?? "Bench key", environment, prefix, last4, hashKey(secret), userId, now());
    })();
    return { keyId, teamId, secret };
  } finally {
    db.close();
  }
}

export function addKey(dbFile: string, teamId: string, name: string): DirectKey {
  const db = new Database(dbFile, { timeout: 5000 });
  try {
    const secret = generateKey("production");
    const { prefix, last4 } = visibleParts(secret);
    const keyId = id();
    db.prepare(`INSERT INTO ApiKey (id, teamId, name, environment, prefix, last4, hash, createdAt) VALUES (?, ?, ?, 'production', ?, ?, ?, ?)`).run(
      keyId, teamId, name, prefix, last4, hashKey(secret), now(),
    );
    return { keyId, teamId, secret };
  } finally {
    db.close();
  }
}

/** Counts of what a key has recorded: raw events and rollup verifications per granularity. */
export function usageCounts(dbFile: string, keyId: string) {
  const db = new Database(dbFile, { readonly: true, timeout: 5000 });
  try {
    const events = (db.prepare(`SELECT COUNT(*) AS n FROM UsageEvent WHERE keyId = ?`).get(keyId) as { n: number }).n;
    const rollups = db.prepare(`SELECT granularity, SUM(verifications) AS n FROM UsageRollup WHERE keyId = ? GROUP BY granularity`).all(keyId) as { granularity: string; n: number }[];
    const verifications = Object.fromEntries(rollups.map((r) => [r.granularity, r.n])) as Record<string, number>;
    return { events, verifications };
  } finally {
    db.close();
  }
}
