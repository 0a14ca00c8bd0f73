import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, databaseConfig, dataDir } from "../db-url";
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from "../server/data-dir";

const POSTGRES_NEEDS_SECRET =
  "NEXTAUTH_SECRET is not set. With PostgreSQL every Gatehouse replica must sign sessions with the same secret: set NEXTAUTH_SECRET to one random value (for example `openssl rand -base64 32`) on all of them.";

/**
 * NEXTAUTH_SECRET when configured; otherwise a random secret generated on
 * first start and kept in ./data/session-secret so sessions survive restarts.
 * Whoever can read that file can forge any session: it is 0600 in a 0700
 * directory, and an older install's looser file is tightened on read.
 */
export function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  // PostgreSQL is how Gatehouse runs as several replicas; each would generate a secret of its own,
  // and a session signed by one would be refused by the others.
  if (databaseConfig().engine === "postgres") throw new ConfigError(POSTGRES_NEEDS_SECRET);
  const file = path.join(dataDir(), "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing) {
      makePrivateFile(file);
      return existing;
    }
  } catch {
    // not generated yet
  }
  ensurePrivateDir(path.dirname(file));
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: PRIVATE_FILE_MODE, flag: "wx" });
    return secret;
  } catch {
    // Another process won the race; use what it wrote.
    return fs.readFileSync(file, "utf8").trim();
  }
}
