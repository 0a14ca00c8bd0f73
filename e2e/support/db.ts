import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const testDbFile = () => path.join(process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "gatehouse-e2e"), "e2e.db");

/** Read-only access to the database of the server under test, to check what really changed. */
export function openTestDb() {
  return new Database(testDbFile(), { readonly: true, fileMustExist: true });
}

/** For the few shortcuts a spec takes past the UI (e2e/support/accounts.ts markEmailConfirmed); waits for the server's write lock. */
export function openWritableTestDb() {
  const db = new Database(testDbFile(), { fileMustExist: true });
  db.pragma("busy_timeout = 10000");
  return db;
}

export function teamBySlug(slug: string) {
  const db = openTestDb();
  try {
    return db.prepare("SELECT id, name, slug FROM Team WHERE slug = ?").get(slug) as { id: string; name: string; slug: string };
  } finally {
    db.close();
  }
}

export function membershipOf(teamId: string, email: string) {
  const db = openTestDb();
  try {
    return db
      .prepare("SELECT m.id, m.role FROM Membership m JOIN User u ON u.id = m.userId WHERE m.teamId = ? AND u.email = ?")
      .get(teamId, email) as { id: string; role: string } | undefined;
  } finally {
    db.close();
  }
}

export function apiKeyByName(teamId: string, name: string) {
  const db = openTestDb();
  try {
    return db
      .prepare("SELECT id, environment, prefix, last4, hash, revokedAt FROM ApiKey WHERE teamId = ? AND name = ? ORDER BY createdAt DESC")
      .get(teamId, name) as { id: string; environment: string; prefix: string; last4: string; hash: string; revokedAt: string | null } | undefined;
  } finally {
    db.close();
  }
}

export type StoredKeyPolicy = { allowedModels: string[] | null; rpmLimit: number | null; tpmLimit: number | null; budgetMicros: number | null; ipAllowlist: string[] };

/** A key's policy as stored: what verification will enforce. */
export function keyPolicyOf(keyId: string): StoredKeyPolicy {
  const db = openTestDb();
  try {
    const row = db.prepare("SELECT allowedModels, rpmLimit, tpmLimit, budgetMicros, ipAllowlist FROM ApiKey WHERE id = ?").get(keyId) as
      | { allowedModels: string | null; rpmLimit: number | null; tpmLimit: number | null; budgetMicros: number | bigint | null; ipAllowlist: string }
      | undefined;
    if (!row) throw new Error(`no key ${keyId}`);
    return {
      allowedModels: row.allowedModels === null ? null : (JSON.parse(row.allowedModels) as string[]),
      rpmLimit: row.rpmLimit,
      tpmLimit: row.tpmLimit,
      budgetMicros: row.budgetMicros === null ? null : Number(row.budgetMicros),
      ipAllowlist: JSON.parse(row.ipAllowlist) as string[],
    };
  } finally {
    db.close();
  }
}
