import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { generateServiceToken, hashServiceToken } from "../../lib/operator/service-token-format";

/** Writes a live service token straight into a Gatehouse SQLite file (as `npm run service-token -- create` does); returns the secret. */
export function createServiceTokenIn(dbFile: string, name = "E2E backend"): string {
  const secret = generateServiceToken();
  const db = new Database(dbFile, { timeout: 5000 });
  try {
    db.prepare(`INSERT INTO ServiceToken (id, name, prefix, last4, hash, createdAt) VALUES (?, ?, ?, ?, ?, ?)`).run(
      "c" + crypto.randomBytes(12).toString("hex"),
      name,
      secret.slice(0, 8),
      secret.slice(-4),
      hashServiceToken(secret),
      new Date().toISOString().replace("Z", "+00:00"),
    );
  } finally {
    db.close();
  }
  return secret;
}

let shared: string | null = null;

/** `Authorization` for /api/v1 calls against the e2e server: one token per test worker. */
export function serviceAuth(): { authorization: string } {
  shared ??= createServiceTokenIn(path.join(process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "gatehouse-e2e"), "e2e.db"));
  return { authorization: `Bearer ${shared}` };
}
