import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseConfig, dataDir } from "../db-url";

/**
 * The data directory holds password and key hashes (the SQLite database) and
 * the session secret: only the account running Gatehouse may read them.
 * SQLite creates its -wal, -shm and -journal files with the database file's
 * permissions, so a 0600 database keeps its companions 0600 too.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const SQLITE_COMPANIONS = ["", "-wal", "-shm", "-journal"];

/** Creates the data directory (0700), tightens it if it is ours alone, and makes our files in it 0600. */
export function securePrivateFiles(): void {
  const dirs = new Set([dataDir()]);
  const files = [path.join(dataDir(), "session-secret")];
  const config = databaseConfig();
  if (config.engine === "sqlite") {
    dirs.add(path.dirname(config.file));
    files.push(...SQLITE_COMPANIONS.map((suffix) => config.file + suffix));
  }
  for (const dir of dirs) ensurePrivateDir(dir);
  for (const file of files) makePrivateFile(file);
}

/** mkdir -p with mode 0700; an existing directory is tightened when it is one we may change. */
export function ensurePrivateDir(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    return;
  }
  if ((stat.mode & 0o077) === 0) return;
  if (mayTighten(dir, stat)) {
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
  } else {
    console.warn(
      `[gatehouse] ${dir} holds Gatehouse's data and other users can read it. Give it a directory of its own (GATEHOUSE_DATA_DIR, DATABASE_URL), or chmod 700 it.`,
    );
  }
}

/**
 * Only a directory Gatehouse can call its own: owned by us, and not one that
 * others share (a sticky /tmp, the home or working directory, the root), which
 * DATABASE_URL=file:/tmp/x.db or file:./x.db would otherwise make us lock down.
 */
export function mayTighten(
  dir: string,
  stat: { mode: number; uid: number },
  { uid = process.getuid?.(), cwd = process.cwd(), home = os.homedir() }: { uid?: number; cwd?: string; home?: string } = {},
): boolean {
  if (uid === undefined || stat.uid !== uid) return false;
  if (stat.mode & 0o1000) return false;
  // Plain string comparison of absolute paths (path.resolve on cwd here makes Next trace the whole project).
  const target = withoutTrailingSlash(dir);
  return ![path.parse(target).root, cwd, home, os.tmpdir()].map(withoutTrailingSlash).includes(target);
}

const withoutTrailingSlash = (p: string) => (p.length > 1 ? p.replace(/[\\/]+$/, "") || p : p);

/** chmod 600 when the file exists and anyone else may read or write it. */
export function makePrivateFile(file: string): void {
  try {
    const { mode } = fs.statSync(file);
    if ((mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
