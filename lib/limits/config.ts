/**
 * REDIS_URL, read and checked at start (scripts/start.ts) before anything
 * connects: a malformed value stops the start with a message naming it. Pure:
 * imports nothing that opens a connection.
 */
import { ConfigError, redactUrl } from "../db-url";

type Env = Readonly<Record<string, string | undefined>>;

export type LimitsConfig = { redisUrl: string | null };

const EXAMPLE = "use redis://[user:password@]host:6379[/db], or rediss:// for TLS";

function invalid(raw: string, why: string): ConfigError {
  return new ConfigError(`REDIS_URL "${redactUrl(raw)}" ${why}; ${EXAMPLE}.`);
}

/** Checks a REDIS_URL value; throws ConfigError naming what is wrong. */
export function parseRedisUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, "is not a valid URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw invalid(raw, `uses "${url.protocol}" instead of redis: or rediss:`);
  if (!url.hostname) throw invalid(raw, "names no host");
  const db = url.pathname.replace(/^\//, "");
  if (db && !/^\d+$/.test(db)) throw invalid(raw, `names database "${db}", but Redis databases are numbers`);
  return raw;
}

/** REDIS_URL: unset or empty means no Redis. A malformed value throws ConfigError (the start stops). */
export function limitsConfigFromEnv(env: Env): LimitsConfig {
  const raw = env.REDIS_URL?.trim();
  return { redisUrl: raw ? parseRedisUrl(raw) : null };
}
