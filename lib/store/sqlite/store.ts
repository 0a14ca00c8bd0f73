/**
 * The SQLite hot store: key lookups on the main thread through its own
 * connection (reads only), behind the per-process key cache (../key-cache.ts),
 * and usage writes in a worker thread with its own connection
 * (./usage-worker-main.ts).
 *
 * Why a cache on an embedded database: an indexed read costs ~10 µs in a
 * tight loop but 40-50 µs between HTTP requests (a read transaction's locks,
 * cold caches, the page cache reset each time the writer thread commits),
 * which measured as ~40% of verify's throughput. The cache is exact for the
 * changes this process makes (the key services announce them before they
 * answer) and bounded to 500 ms for changes made by another process (a
 * script writing to the same file).
 */
import { Worker } from "node:worker_threads";
import type { Statement } from "better-sqlite3";
import type { UsageEventInput } from "../../usage/events";
import { DEFAULT_KEY_CACHE, KeyCache } from "../key-cache";
import { onKeyChange } from "../key-changes";
import { periodOf } from "../../budgets/period";
import { keyRowFrom, keyRowSelect, type StoredKeyRow } from "../key-row";
import { ServiceTokenCache } from "../service-token-cache";
import { touchServiceTokenLater } from "../touch-service-token";
import { StoreClosedError, type HotStore, type KeyRow, type ServiceTokenRow, type StoreStats, type UsageWriteResult } from "../types";
import { openSqlite, parseStoredDate, type SqliteDb } from "./connection";
import type { WorkerReply, WorkerRequest, WorkerSettings } from "./usage-worker-protocol";

export type SqliteStoreOptions = {
  /** The usage writer waits this long for another writer's lock per attempt (its own thread: the event loop never waits). */
  writerBusyTimeoutMs?: number;
  keyCacheMaxAgeMs?: number;
};

type StoredToken = { id: string; name: string; revokedAt: string | number | null; lastUsedAt: string | number | null };
const KEY_SELECT = keyRowSelect({ date: (column) => column, periodParam: "@period" });
type KeyParams = { period: string; value: string };
type Waiting = { size: number; resolve: (result: UsageWriteResult) => void; reject: (error: Error) => void };

const WORKER_URL = new URL("./usage-worker.mjs", import.meta.url);

export class SqliteHotStore implements HotStore {
  readonly engine = "sqlite" as const;
  readonly cache: KeyCache;
  private readonly byId: KeyCache;
  readonly tokens = new ServiceTokenCache();
  private readonly unsubscribe: () => void;
  private readonly read: SqliteDb;
  private selectByHash: Statement<[KeyParams], StoredKeyRow> | null = null;
  private selectById: Statement<[KeyParams], StoredKeyRow> | null = null;
  private selectToken: Statement<[string], StoredToken> | null = null;
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closing: Promise<{ unwritten: number }> | null = null;

  constructor(private readonly file: string, private readonly options: SqliteStoreOptions = {}) {
    // Reads never wait for the write lock in WAL mode; the timeout covers only rare recovery moments.
    this.read = openSqlite(file, { busyTimeoutMs: 1000 });
    this.cache = new KeyCache(options.keyCacheMaxAgeMs ?? DEFAULT_KEY_CACHE.maxAgeMs);
    this.byId = new KeyCache(options.keyCacheMaxAgeMs ?? DEFAULT_KEY_CACHE.maxAgeMs);
    this.unsubscribe = onKeyChange((change) => this.forget(change));
    // Started now, not on the first write: booting the thread (loading its code) stays out of the first request's way.
    this.ensureWorker();
  }

  findKeyByHash(hash: string): KeyRow | undefined {
    // Prepared on first use, so the store can be built before the database is migrated.
    this.selectByHash ??= this.read.prepare<[KeyParams], StoredKeyRow>(`${KEY_SELECT} WHERE k.hash = @value`);
    return this.lookup(this.cache, this.selectByHash, hash);
  }

  findKeyById(id: string): KeyRow | undefined {
    this.selectById ??= this.read.prepare<[KeyParams], StoredKeyRow>(`${KEY_SELECT} WHERE k.id = @value`);
    return this.lookup(this.byId, this.selectById, id);
  }

  forget(change: { keyIds?: readonly string[]; teamIds?: readonly string[] }): void {
    this.cache.invalidate(change);
    this.byId.invalidate(change);
  }

  findServiceToken(secret: string, hash: (secret: string) => string): ServiceTokenRow | undefined {
    const now = Date.now();
    const cached = this.tokens.get(secret, now);
    if (cached) return cached;
    this.selectToken ??= this.read.prepare<[string], StoredToken>(`SELECT id, name, "revokedAt", "lastUsedAt" FROM "ServiceToken" WHERE hash = ?`);
    const token = this.tokens.begin();
    const row = this.selectToken.get(hash(secret));
    if (!row) return undefined;
    const found: ServiceTokenRow = { id: row.id, name: row.name, revokedAt: parseStoredDate(row.revokedAt), lastUsedAt: parseStoredDate(row.lastUsedAt) };
    this.tokens.fill(secret, found, now, token);
    return found;
  }

  touchServiceToken(id: string, now: number): void {
    if (this.tokens.shouldTouch(id, now)) touchServiceTokenLater(id, now);
  }

  private lookup(cache: KeyCache, statement: Statement<[KeyParams], StoredKeyRow>, value: string): KeyRow | undefined {
    const now = Date.now();
    const cached = cache.get(value, now);
    if (cached) return cached;
    // Synchronous: no change can be announced between this read and the fill.
    const token = cache.begin();
    const row = statement.get({ period: periodOf(now), value });
    if (!row) return undefined;
    const key = keyRowFrom(row, parseStoredDate, now);
    cache.fill(value, key, now, token);
    return key;
  }

  writeUsage(batch: readonly UsageEventInput[]): Promise<UsageWriteResult> {
    if (this.closing) return Promise.reject(new StoreClosedError(batch.length));
    if (batch.length === 0) return Promise.resolve({ written: 0, orphaned: 0, invalid: 0 });
    const id = this.nextId++;
    return new Promise<UsageWriteResult>((resolve, reject) => {
      this.waiting.set(id, { size: batch.length, resolve, reject });
      const worker = this.ensureWorker();
      // Keep the process alive while writes are outstanding; let it exit when idle.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ type: "write", id, events: batch } satisfies WorkerRequest);
    });
  }

  stats(): StoreStats {
    return { writerQueue: this.waiting.size, pool: null };
  }

  close({ deadlineMs = 10_000 }: { deadlineMs?: number } = {}): Promise<{ unwritten: number }> {
    this.closing ??= this.shutDown(deadlineMs);
    return this.closing;
  }

  private async shutDown(deadlineMs: number): Promise<{ unwritten: number }> {
    this.unsubscribe();
    this.tokens.unsubscribe();
    const worker = this.worker;
    let unwritten = 0;
    if (worker) {
      worker.ref();
      unwritten = await new Promise<number>((resolve) => {
        worker.once("exit", () => resolve([...this.waiting.values()].reduce((n, w) => n + w.size, 0)));
        worker.on("message", (message: WorkerReply) => {
          if (message.type === "closed") resolve(message.unwritten);
        });
        worker.postMessage({ type: "close", deadlineMs } satisfies WorkerRequest);
      });
      this.failWaiting(() => new StoreClosedError(unwritten));
      await worker.terminate();
    }
    this.read.close();
    return { unwritten };
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const settings: WorkerSettings = {
      file: this.file,
      busyTimeoutMs: this.options.writerBusyTimeoutMs ?? 1000,
      retryBusyMs: 25,
      retryErrorMs: 1000,
    };
    // execArgv: [] — a bare thread whatever loader the parent runs under; the entry registers tsx itself.
    const worker = new Worker(WORKER_URL, { workerData: settings, execArgv: [] });
    worker.unref();
    worker.on("message", (message: WorkerReply) => {
      if (message.type !== "result") return;
      const waiting = this.waiting.get(message.id);
      if (!waiting) return;
      this.waiting.delete(message.id);
      if (this.waiting.size === 0 && !this.closing) worker.unref();
      waiting.resolve({ written: message.written, orphaned: message.orphaned, invalid: message.invalid });
    });
    worker.on("error", (error) => console.error("[usage] the SQLite writer thread failed", error));
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.closing) return;
      // A crashed writer takes its queue with it; say how much, and start afresh on the next write.
      const lost = this.failWaiting((size) => new Error(`the SQLite writer thread stopped; ${size} event(s) lost`));
      if (lost > 0) console.error(`[usage] the SQLite writer thread stopped with ${lost} event(s) queued`);
    });
    this.worker = worker;
    return worker;
  }

  private failWaiting(error: (size: number) => Error): number {
    let lost = 0;
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      lost += waiting.size;
      waiting.reject(error(waiting.size));
    }
    return lost;
  }
}
