/**
 * The hot path's storage, behind one small interface so the lean API
 * (lib/api/) and the usage pipeline (lib/usage/) do not care which engine is
 * underneath. One implementation per engine (./sqlite, ./postgres), built
 * explicitly by `openHotStore` (./open.ts): nothing here connects or reads the
 * environment when imported.
 */
import type { UsageEventInput } from "../usage/ingest";

/** A key's own policy (lib/policy/). null: no limit; allowedModels null: every enabled model; ipAllowlist empty: any address. */
export type KeyPolicy = {
  allowedModels: readonly string[] | null;
  rpm: number | null;
  tpm: number | null;
  budgetMicros: number | null;
  ipAllowlist: readonly string[];
};

/** The team's state and the limits in effect for it (operator override or default plan; team budget). */
export type TeamPolicy = {
  suspended: boolean;
  rpm: number | null;
  tpm: number | null;
  spendCapMicros: number | null;
  budgetMicros: number | null;
};

/** What the verify and usage endpoints need of a key. Dates are epoch ms (null: not set). */
export type KeyRow = {
  id: string;
  teamId: string;
  name: string;
  environment: string;
  createdById: string | null;
  expiresAt: number | null;
  revokedAt: number | null;
  policy: KeyPolicy;
  team: TeamPolicy;
  /** Month-to-date spend as the database had it when the row was read (lib/verify/spend.ts adds what is not written yet). */
  spend: { period: string; keyMicros: number; teamMicros: number };
};

/** A service token (lib/operator/service-token-format.ts) as the API needs it. */
export type ServiceTokenRow = { id: string; name: string; revokedAt: number | null; lastUsedAt: number | null };

/**
 * The fate of one batch. Events that cannot be written (malformed, or whose key
 * or team was deleted while they waited) cost only themselves: they are
 * counted here, and the rest of the batch is written.
 */
export type UsageWriteResult = {
  written: number;
  /** The key no longer exists (deleted with its team) or belongs to another team. */
  orphaned: number;
  /** Malformed, or refused by the database row by row. */
  invalid: number;
};

export type StoreEngine = "sqlite" | "postgres";

/** How the store's connections are used right now, for GET /metrics (lib/metrics/runtime.ts). */
export type StoreStats = {
  /** Usage batches handed to the writer and not yet written (the one being written included). */
  writerQueue: number;
  /** PostgreSQL's pool (pg): connections open, idle, and queries waiting for one. null on SQLite (a connection per thread, no pool). */
  pool: { total: number; idle: number; waiting: number } | null;
};

export interface HotStore {
  readonly engine: StoreEngine;
  /**
   * The key whose secret hashes to `hash`. Synchronous on SQLite (an indexed
   * read costs microseconds); PostgreSQL answers from its per-process cache
   * synchronously when it can, otherwise with a promise.
   */
  findKeyByHash(hash: string): KeyRow | undefined | Promise<KeyRow | undefined>;
  /** The same by key id (usage reports name keys by id), through the same cache. */
  findKeyById(id: string): KeyRow | undefined | Promise<KeyRow | undefined>;
  /** Drops cached rows of these keys or teams on this process only (their spend was just written). */
  forget(change: { keyIds?: readonly string[]; teamIds?: readonly string[] }): void;
  /**
   * The service token `secret` (cached briefly by the secret itself, so a hit
   * costs no hashing; revocation is announced); `hash` digests it for the lookup.
   */
  findServiceToken(secret: string, hash: (secret: string) => string): ServiceTokenRow | undefined | Promise<ServiceTokenRow | undefined>;
  /** Records that a service token was used (best effort, at most once a minute per token per process). */
  touchServiceToken(id: string, now: number): void;
  /**
   * Queues a batch for writing and resolves once it is in the database
   * (events, rollups and each key's lastUsedAt in one transaction). While the
   * database is unavailable (another writer holds the lock, the server is
   * down) the store keeps retrying; the promise rejects only when the store is
   * closed before the batch could be written.
   */
  writeUsage(batch: readonly UsageEventInput[]): Promise<UsageWriteResult>;
  /**
   * Writes what is queued (retrying for up to `deadlineMs`), then releases
   * connections and threads. Resolves with the number of events left unwritten.
   */
  close(options?: { deadlineMs?: number }): Promise<{ unwritten: number }>;
  stats(): StoreStats;
}

/** The store was closed before a queued batch could be written. */
export class StoreClosedError extends Error {
  constructor(readonly unwritten: number) {
    super(`the store closed with ${unwritten} usage event(s) unwritten`);
  }
}

export function emptyWriteResult(): UsageWriteResult {
  return { written: 0, orphaned: 0, invalid: 0 };
}
