/**
 * A throw-away PostgreSQL server on loopback for tests and benchmarks:
 * `initdb` into a temp directory, `postgres` on 127.0.0.1 and a free port,
 * trust auth (loopback only), fsync off (the data dies with the run anyway).
 *
 *   const pg = await startPostgres();   // pg.url = postgresql://postgres@127.0.0.1:PORT/postgres
 *   await createDatabase(pg.url, "x");  // then connect to databaseUrl(pg.url, "x")
 *   await pg.stop();
 *
 * Debian's server binaries (/usr/lib/postgresql/<version>/bin) refuse to run
 * as root, so as root the server runs as the `postgres` user (spawn uid/gid:
 * we keep the server's own pid, so stop() signals exactly it). When no binaries
 * are found and we are root, Debian's `postgresql` package is installed.
 * `tsx scripts/lib/postgres.ts` starts one and prints its URL until Ctrl-C.
 */
import { execFileSync, spawn, type ChildProcess, type ExecFileSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { freePort, waitForExit } from "./processes";

export type TestPostgres = { url: string; port: number; version: number; stop: () => Promise<void> };

const MIN_VERSION = 15;
const DEBIAN_ROOT = "/usr/lib/postgresql";
const isRoot = () => process.getuid?.() === 0;

/** The bin directory of the oldest installed PostgreSQL ≥ 15 (the version we promise to support), or null. */
export function findPostgresBin(): { bin: string; version: number } | null {
  const override = process.env.POSTGRES_BIN_DIR;
  if (override) return { bin: override, version: serverVersion(override) };
  if (!fs.existsSync(DEBIAN_ROOT)) return null;
  const versions = fs
    .readdirSync(DEBIAN_ROOT)
    .map(Number)
    .filter((v) => v >= MIN_VERSION && fs.existsSync(path.join(DEBIAN_ROOT, String(v), "bin", "postgres")))
    .sort((a, b) => a - b);
  return versions.length ? { bin: path.join(DEBIAN_ROOT, String(versions[0]), "bin"), version: versions[0] } : null;
}

function serverVersion(bin: string): number {
  const out = execFileSync(path.join(bin, "postgres"), ["--version"], { encoding: "utf8" });
  return Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
}

/** Finds the server binaries, installing Debian's `postgresql` package first when missing and we are root. */
export function ensurePostgresInstalled(): { bin: string; version: number } {
  const found = findPostgresBin();
  if (found) return found;
  if (!isRoot()) {
    throw new Error(`PostgreSQL ${MIN_VERSION}+ server binaries not found in ${DEBIAN_ROOT}: install Debian's 'postgresql' package (or set POSTGRES_BIN_DIR).`);
  }
  console.error("[postgres] installing Debian's postgresql package…");
  const apt: ExecFileSyncOptions = { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
  execFileSync("apt-get", ["update", "-qq"], apt);
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], apt);
  const installed = findPostgresBin();
  if (!installed) throw new Error(`apt-get installed postgresql, but no server ≥ ${MIN_VERSION} appeared in ${DEBIAN_ROOT}.`);
  return installed;
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error("Running as root, but there is no 'postgres' user to run the server as (Debian's postgresql package creates it).");
  }
}

async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${log()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startPostgres(options: { port?: number } = {}): Promise<TestPostgres> {
  const { bin, version } = ensurePostgresInstalled();
  const owner = isRoot() ? postgresUser() : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-pg-"));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};

  // --no-sync: initdb's own fsyncs are most of its run time, and this cluster is disposable.
  execFileSync(
    path.join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--no-locale", "--no-instructions"],
    { ...asOwner, cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );

  const port = options.port ?? (await freePort());
  const settings = {
    listen_addresses: "127.0.0.1",
    // The socket goes into our own directory: /var/run/postgresql may be missing or not ours.
    unix_socket_directories: dir,
    // Durability is pointless for a cluster deleted at the end of the run; these make DDL and
    // CREATE DATABASE … TEMPLATE (one per test file) several times faster.
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    // Every test file and server process has its own pool (10 connections each by default).
    max_connections: "300",
  };
  const args = ["-D", data, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const child = spawn(path.join(bin, "postgres"), args, { ...asOwner, cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const output: string[] = [];
  child.stderr!.on("data", (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 200) output.shift();
  });
  const log = () => output.join("");

  // If this process exits without stop() (a crash, Ctrl-C in a test run), do not leave the server behind.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitForServer(url, child, log, 30_000);
  } catch (error) {
    onExit();
    process.removeListener("exit", onExit);
    throw error;
  }

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT = PostgreSQL's "fast" shutdown: disconnects clients and exits without waiting for them.
        child.kill("SIGINT");
        try {
          await waitForExit(child, 10_000);
        } catch {
          child.kill("SIGKILL");
          await waitForExit(child, 5000);
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  return { url, port, version, stop };
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** CREATE DATABASE, optionally as a copy of a template database (much faster than migrating again). */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, name);
}

/** DROP DATABASE … WITH (FORCE): also disconnects whoever is still connected. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const server = await startPostgres();
  console.log(`PostgreSQL ${server.version} on ${server.url} (Ctrl-C stops it and deletes its data)`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
