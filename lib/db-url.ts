import path from "node:path";

/**
 * DATABASE_URL chooses the engine:
 *   file:<path>                      SQLite (the embedded default, file:./data/gatehouse.db)
 *   postgres[ql]://user:pw@host/db   PostgreSQL 15 or newer
 * Anything else stops the server at start (ConfigError) instead of being
 * quietly replaced by the default database.
 */
export type DatabaseConfig = { engine: "sqlite"; file: string } | { engine: "postgres"; url: string };
export type Engine = DatabaseConfig["engine"];

export const DEFAULT_DATABASE_URL = "file:./data/gatehouse.db";

/** A setting that makes Gatehouse refuse to start; its message is meant for the operator. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const EXAMPLES = "use file:./data/gatehouse.db (SQLite) or postgresql://user:password@host:5432/gatehouse (PostgreSQL 15+)";

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/@:]*:)[^/]*@/, "$1***@");
}

function invalid(raw: string, why: string): ConfigError {
  return new ConfigError(`DATABASE_URL "${redactUrl(raw)}" ${why}: ${EXAMPLES}.`);
}

function parseSqlite(raw: string, cwd: string): DatabaseConfig {
  let file = raw.slice("file:".length);
  if (file.startsWith("//")) {
    // file:///abs/path (URL form); file://host/… names a remote host, which SQLite cannot use.
    if (!file.startsWith("///")) throw invalid(raw, "names a host; a SQLite file URL is file:<path> or file:///<absolute path>");
    file = decodeURIComponent(file.slice(2));
  }
  // Prisma's SQLite URL options (?connection_limit=…) mean nothing to this adapter; say so rather than ignore them.
  if (file.includes("?")) throw invalid(raw, "has query parameters, which Gatehouse does not use for SQLite");
  if (!file || file.endsWith("/")) throw invalid(raw, "does not name a database file");
  return { engine: "sqlite", file: path.isAbsolute(file) ? file : path.resolve(cwd, file) };
}

function parsePostgres(raw: string): DatabaseConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, "is not a valid URL");
  }
  // An empty host is only meaningful with ?host=/path/to/socket (a Unix socket).
  if (!url.hostname && !url.searchParams.get("host")) throw invalid(raw, "names no host");
  if (url.pathname.length <= 1) throw invalid(raw, "names no database");
  // Prisma's ?schema= would qualify Prisma's queries but not our raw SQL (which follows search_path).
  if (url.searchParams.has("schema")) {
    throw invalid(raw, "sets ?schema=, which Gatehouse does not support (give it a database of its own, or set the role's search_path)");
  }
  return { engine: "postgres", url: raw };
}

/** Parses a DATABASE_URL value; unset or empty means the default SQLite file. Throws ConfigError. */
export function parseDatabaseUrl(value: string | undefined, cwd = process.cwd()): DatabaseConfig {
  const raw = value?.trim() || DEFAULT_DATABASE_URL;
  if (raw.startsWith("file:")) return parseSqlite(raw, cwd);
  if (/^postgres(ql)?:\/\//i.test(raw)) return parsePostgres(raw);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
  if (!scheme) throw invalid(raw, "has no scheme (for a SQLite file, write file:<path>)");
  throw invalid(raw, `uses "${scheme}:", which Gatehouse does not support`);
}

/** The configured database, from DATABASE_URL (read on every call: tests and scripts set it late). */
export function databaseConfig(): DatabaseConfig {
  return parseDatabaseUrl(process.env.DATABASE_URL);
}

/** The SQLite file Gatehouse uses. Only meaningful on SQLite: throws when DATABASE_URL is PostgreSQL. */
export function databaseFile(): string {
  const config = databaseConfig();
  if (config.engine !== "sqlite") throw new ConfigError("This needs the SQLite database, but DATABASE_URL points at PostgreSQL.");
  return config.file;
}

/** Where local state lives: GATEHOUSE_DATA_DIR, else the SQLite file's folder, else ./data. */
export function dataDir(): string {
  if (process.env.GATEHOUSE_DATA_DIR) return path.resolve(process.env.GATEHOUSE_DATA_DIR);
  const config = databaseConfig();
  return config.engine === "sqlite" ? path.dirname(config.file) : path.resolve(process.cwd(), "data");
}
