/**
 * The PostgreSQL hot store: pooled connections (pg), key lookups through a
 * per-process cache kept exact by ./key-cache.ts, usage written by a serial
 * queue (one batch at a time, in arrival order, retried while the database is
 * unavailable). Writes are asynchronous, so nothing here blocks the event loop.
 *
 * Invalidation reaches every replica twice over: a NOTIFY on
 * KEY_CHANGES_CHANNEL (sent when a key service announces a change, see
 * ../key-changes.ts; every store LISTENs) drops entries within milliseconds,
 * and the cache's short maximum age bounds staleness for changes nobody
 * announced.
 */
import pg from "pg";
import type { UsageEventInput } from "../../usage/events";
import { onKeyChange, type KeyChange } from "../key-changes";
import { periodOf } from "../../budgets/period";
import { keyRowFrom, keyRowSelect, type StoredKeyRow } from "../key-row";
import { ServiceTokenCache } from "../service-token-cache";
import { touchServiceTokenLater } from "../touch-service-token";
import { StoreClosedError, type HotStore, type KeyRow, type ServiceTokenRow, type StoreStats, type UsageWriteResult } from "../types";
import { DEFAULT_KEY_CACHE, KeyCache } from "../key-cache";
import { PostgresUsageWriter } from "./usage-writer";

export const KEY_CHANGES_CHANNEL = "gatehouse_key_changes";

export type PostgresStoreOptions = {
  poolSize?: number;
  keyCacheMaxAgeMs?: number;
  /** Wait between attempts while the database is unavailable. */
  retryMs?: number;
};

type StoredToken = { id: string; name: string; revokedAt: number | null; lastUsedAt: number | null };
type Job = { events: readonly UsageEventInput[]; result: UsageWriteResult; resolve: (r: UsageWriteResult) => void; reject: (e: Error) => void };

const epochMs = (column: string) => `round(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`;
const KEY_SELECT = keyRowSelect({ date: epochMs, periodParam: "$1" });

// Named: prepared once per connection, then only bound and executed.
const KEY_BY_HASH = { name: "gatehouse_key_by_hash_v2", text: `${KEY_SELECT} WHERE k.hash = $2` };
const KEY_BY_ID = { name: "gatehouse_key_by_id_v2", text: `${KEY_SELECT} WHERE k.id = $2` };
const TOKEN_BY_HASH = {
  name: "gatehouse_service_token_by_hash",
  text: `SELECT id, name, ${epochMs(`"revokedAt"`)} AS "revokedAt", ${epochMs(`"lastUsedAt"`)} AS "lastUsedAt" FROM "ServiceToken" WHERE hash = $1`,
};

const asMs = (v: string | number | null) => (v === null ? null : Number(v));

export class PostgresHotStore implements HotStore {
  readonly engine = "postgres" as const;
  readonly cache: KeyCache;
  private readonly byId: KeyCache;
  readonly tokens = new ServiceTokenCache();
  private readonly pool: pg.Pool;
  private readonly writer: PostgresUsageWriter;
  private readonly inFlightLookups = new Map<string, Promise<KeyRow | undefined>>();
  private readonly queue: Job[] = [];
  private draining: Promise<void> | null = null;
  private closing: { deadline: number } | null = null;
  private closed: Promise<{ unwritten: number }> | null = null;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenedBefore = false;
  private readonly unsubscribe: () => void;
  private lastStuckLog = 0;

  constructor(private readonly url: string, private readonly options: PostgresStoreOptions = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, allowExitOnIdle: true });
    // An idle pooled connection that breaks (server restart) must not crash the process.
    this.pool.on("error", (error) => console.warn(`[store] idle PostgreSQL connection failed: ${error.message}`));
    this.cache = new KeyCache(options.keyCacheMaxAgeMs ?? DEFAULT_KEY_CACHE.maxAgeMs);
    this.byId = new KeyCache(options.keyCacheMaxAgeMs ?? DEFAULT_KEY_CACHE.maxAgeMs);
    this.writer = new PostgresUsageWriter(this.pool);
    this.unsubscribe = onKeyChange((change) => this.changed(change, true));
    this.listen();
  }

  findKeyByHash(hash: string): KeyRow | undefined | Promise<KeyRow | undefined> {
    return this.lookup(this.cache, KEY_BY_HASH, hash, "h:");
  }

  findKeyById(id: string): KeyRow | undefined | Promise<KeyRow | undefined> {
    return this.lookup(this.byId, KEY_BY_ID, id, "i:");
  }

  forget(change: { keyIds?: readonly string[]; teamIds?: readonly string[] }): void {
    this.cache.invalidate(change);
    this.byId.invalidate(change);
    this.inFlightLookups.clear();
  }

  findServiceToken(secret: string, hash: (secret: string) => string): ServiceTokenRow | undefined | Promise<ServiceTokenRow | undefined> {
    const cached = this.tokens.get(secret, Date.now());
    if (cached) return cached;
    const token = this.tokens.begin();
    const loadedAt = Date.now();
    return this.pool.query<StoredToken>({ ...TOKEN_BY_HASH, values: [hash(secret)] }).then(({ rows }) => {
      const row = rows[0];
      if (!row) return undefined;
      const found: ServiceTokenRow = { id: row.id, name: row.name, revokedAt: asMs(row.revokedAt), lastUsedAt: asMs(row.lastUsedAt) };
      this.tokens.fill(secret, found, loadedAt, token);
      return found;
    });
  }

  touchServiceToken(id: string, now: number): void {
    if (this.tokens.shouldTouch(id, now)) touchServiceTokenLater(id, now);
  }

  private lookup(cache: KeyCache, query: { name: string; text: string }, value: string, kind: string): KeyRow | undefined | Promise<KeyRow | undefined> {
    const cached = cache.get(value, Date.now());
    if (cached) return cached;
    // Concurrent misses for one key share one query.
    const pending = this.inFlightLookups.get(kind + value);
    if (pending) return pending;
    const token = cache.begin();
    const loadedAt = Date.now();
    const lookup = this.pool
      .query<StoredKeyRow>({ ...query, values: [periodOf(loadedAt), value] })
      .then(({ rows }) => {
        const row = rows[0] ? keyRowFrom(rows[0], asMs, loadedAt) : undefined;
        cache.fill(value, row, loadedAt, token);
        return row;
      })
      .finally(() => {
        if (this.inFlightLookups.get(kind + value) === lookup) this.inFlightLookups.delete(kind + value);
      });
    this.inFlightLookups.set(kind + value, lookup);
    return lookup;
  }

  writeUsage(batch: readonly UsageEventInput[]): Promise<UsageWriteResult> {
    if (this.closing) return Promise.reject(new StoreClosedError(batch.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ events: batch, result: { written: 0, orphaned: 0, invalid: 0 }, resolve, reject });
      this.pump().catch((error: Error) => console.error("[usage] the PostgreSQL writer failed", error));
    });
  }

  stats(): StoreStats {
    const pool = this.pool;
    return { writerQueue: this.queue.length, pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } };
  }

  close({ deadlineMs = 10_000 }: { deadlineMs?: number } = {}): Promise<{ unwritten: number }> {
    this.closed ??= (async () => {
      this.closing = { deadline: Date.now() + deadlineMs };
      this.unsubscribe();
      this.tokens.unsubscribe();
      if (this.listenRetry) clearTimeout(this.listenRetry);
      while (this.queue.length > 0 && Date.now() < this.closing.deadline) await this.pump();
      const unwritten = this.queue.reduce((n, job) => n + job.events.length, 0);
      for (const job of this.queue.splice(0)) job.reject(new StoreClosedError(job.events.length));
      const listener = this.listener;
      this.listener = null;
      await listener?.end().catch(() => {});
      await this.pool.end().catch(() => {});
      return { unwritten };
    })();
    return this.closed;
  }

  /** Drops cached entries for a change; `announce` also tells the other replicas. */
  private changed(change: KeyChange, announce: boolean): void {
    this.cache.invalidate(change);
    this.byId.invalidate(change);
    // A lookup that started before the change may read the row as it was: requests arriving from
    // now on must not share it (a key revoked here is refused on the very next request).
    this.inFlightLookups.clear();
    if (!announce) return;
    this.pool.query("SELECT pg_notify($1, $2)", [KEY_CHANGES_CHANNEL, JSON.stringify(change)]).catch((error: Error) => {
      // The other replicas' caches still expire within their maximum age.
      console.warn(`[store] could not notify other replicas of a key change: ${error.message}`);
    });
  }

  private listen(): void {
    if (this.closing) return;
    const client = new pg.Client({ connectionString: this.url });
    const retry = (error?: Error) => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners();
      client.on("error", () => {});
      void client.end().catch(() => {});
      if (this.closing || this.listenRetry) return;
      if (error) console.warn(`[store] LISTEN ${KEY_CHANGES_CHANNEL} lost (${error.message}); retrying`);
      this.listenRetry = setTimeout(() => {
        this.listenRetry = null;
        this.listen();
      }, 1000);
      this.listenRetry.unref();
    };
    client.on("notification", (message) => {
      if (message.channel !== KEY_CHANGES_CHANNEL || !message.payload) return;
      try {
        this.changed(JSON.parse(message.payload) as KeyChange, false);
      } catch {
        // Not ours to understand: the cache's maximum age still applies.
      }
    });
    client.on("error", retry);
    client.on("end", () => retry());
    client
      .connect()
      .then(() => client.query(`LISTEN ${KEY_CHANGES_CHANNEL}`))
      .then(() => {
        // A change may have been missed while we were not listening (the maximum age covers it too).
        if (this.listenedBefore) this.cache.clear();
        this.listenedBefore = true;
        this.listener = client;
        // Only the pool's connections and the writer keep the process alive, not the listener.
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      })
      .catch(retry);
  }

  /** One drain at a time: batches are written strictly in order, never twice. */
  private pump(): Promise<void> {
    if (this.draining) return this.draining;
    if (this.queue.length === 0) return Promise.resolve();
    this.draining = this.drain();
    return this.draining;
  }

  /** Writes queued batches in order; a batch that meets a database-level error waits and is retried. */
  /**
   * Writes queued batches in order; a batch that meets a database-level error
   * waits and is retried. `draining` is cleared in the same synchronous step
   * as the final queue check, so a batch queued right after starts a new drain.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const job = this.queue[0];
        const outcome = await this.writer.write(job.events);
        job.result.written += outcome.written;
        job.result.orphaned += outcome.orphaned;
        job.result.invalid += outcome.invalid;
        if (outcome.invalid > 0) console.warn(`[usage] discarded ${outcome.invalid} malformed event(s), e.g. ${outcome.sampleProblem}`);
        if (outcome.unwritten.length === 0) {
          this.queue.shift();
          job.resolve(job.result);
          continue;
        }
        job.events = outcome.unwritten;
        const now = Date.now();
        if (now - this.lastStuckLog > 10_000) {
          this.lastStuckLog = now;
          const waiting = this.queue.reduce((n, j) => n + j.events.length, 0);
          console.warn(`[usage] PostgreSQL unavailable (${(outcome.error as Error)?.message}); ${waiting} event(s) wait in order`);
        }
        if (this.closing && now >= this.closing.deadline) return;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 250));
      }
    } finally {
      this.draining = null;
    }
  }
}
