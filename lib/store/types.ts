/**
 * The hot path's storage, behind one small interface so the lean API
 * (lib/api/) and the usage pipeline (lib/usage/) do not care which engine is
 * underneath. One implementation per engine (./sqlite, ./postgres), built
 * explicitly by `openHotStore` (./open.ts): nothing here connects or reads the
 * environment when imported.
 */
import type { UsageEventInput } from "../usage/ingest";

/** What the verify and usage endpoints need of a key. Dates are epoch ms (null: not set). */
export type KeyRow = {
  id: string;
  teamId: string;
  name: string;
  environment: string;
  expiresAt: number | null;
  revokedAt: number | null;
};

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

export interface HotStore {
  readonly engine: StoreEngine;
  /**
   * The key whose secret hashes to `hash`. Synchronous on SQLite (an indexed
   * read costs microseconds); PostgreSQL answers from its per-process cache
   * synchronously when it can, otherwise with a promise.
   */
  findKeyByHash(hash: string): KeyRow | undefined | Promise<KeyRow | undefined>;
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
