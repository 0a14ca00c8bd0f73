/**
 * Prisma's SQLite driver adapter, wrapped so that one request never sees or
 * joins another request's transaction.
 *
 * Why: @prisma/adapter-better-sqlite3 runs every query on ONE connection and
 * only its startTransaction takes a mutex. A query outside a transaction
 * therefore runs inside whatever transaction another request has open on that
 * connection: a read sees its uncommitted writes (dirty read), and a bare write
 * becomes part of it (and vanishes if it rolls back). Its transactions also
 * start with a deferred BEGIN, so one that reads and then writes fails with
 * SQLITE_BUSY_SNAPSHOT when another connection (the usage writer) commits in
 * between.
 *
 * What this does instead, with two connections to the same WAL database:
 * - reads outside a transaction go to a query-only READ connection, which in
 *   WAL mode sees only committed data and never waits for writers;
 * - transactions run on the WRITE connection, one at a time (a mutex), and
 *   start with BEGIN IMMEDIATE: the write lock is taken up front, so a
 *   transaction that reads then writes can never be invalidated mid-way;
 * - a write outside a transaction (a bare db.x.update) takes the same mutex
 *   and runs as its own BEGIN IMMEDIATE … COMMIT, so it can no longer join
 *   another request's transaction.
 * Waiting for the write lock (held by another process or the usage writer's
 * thread) is done with timers, not SQLite's busy handler, which would sleep
 * on the event loop and stall every request meanwhile.
 */
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";

export type SqliteAdapterOptions = {
  file: string;
  /** How long a write waits for SQLite's write lock before failing (default 5 s). */
  busyTimeoutMs?: number;
};

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A FIFO lock: lock() resolves with a release function once every earlier holder has released. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        release();
      };
    });
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }
}

function isBusy(error: unknown): boolean {
  const e = error as { cause?: { originalCode?: unknown }; code?: unknown };
  const code = String(e?.cause?.originalCode ?? e?.code ?? "");
  return code.startsWith("SQLITE_BUSY");
}

/**
 * Which statements only read. SQLite answers this itself (sqlite3_stmt_readonly), so a raw
 * `WITH … DELETE` or `INSERT … RETURNING` is never mistaken for a read. Prepared on a connection
 * of its own that never executes anything; the answer is cached per SQL text.
 */
class ReadOnlyClassifier {
  #db: Database.Database;
  #cache = new Map<string, boolean>();
  constructor(file: string) {
    this.#db = new Database(file, { fileMustExist: true });
  }
  isReadOnly(sql: string): boolean {
    let readonly = this.#cache.get(sql);
    if (readonly === undefined) {
      try {
        readonly = this.#db.prepare(sql).readonly;
      } catch {
        // Let the write connection run it and report the error the usual way.
        readonly = false;
      }
      if (this.#cache.size >= 1000) this.#cache.clear();
      this.#cache.set(sql, readonly);
    }
    return readonly;
  }
  close() {
    this.#db.close();
  }
}

class IsolatedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly #mutex = new Mutex();

  constructor(
    readonly write: SqlDriverAdapter,
    readonly read: SqlDriverAdapter,
    readonly classifier: ReadOnlyClassifier,
    readonly busyTimeoutMs: number,
  ) {
    this.adapterName = write.adapterName;
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (this.classifier.isReadOnly(query.sql)) return this.read.queryRaw(query);
    return this.#bareWrite(() => this.write.queryRaw(query));
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    if (this.classifier.isReadOnly(query.sql)) return this.read.executeRaw(query);
    return this.#bareWrite(() => this.write.executeRaw(query));
  }

  async executeScript(script: string): Promise<void> {
    const release = await this.#mutex.lock();
    try {
      await this.write.executeScript(script);
    } finally {
      release();
    }
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    // SQLite transactions are serializable; anything else is refused as the stock adapter does.
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
    }
    const release = await this.#mutex.lock();
    try {
      await this.#beginImmediate();
    } catch (error) {
      release();
      throw error;
    }
    return new WriteTransaction(this.write, release);
  }

  async dispose(): Promise<void> {
    this.classifier.close();
    await Promise.all([this.read.dispose(), this.write.dispose()]);
  }

  /** BEGIN IMMEDIATE, retried on timers while another connection holds the write lock. */
  async #beginImmediate(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
      try {
        await this.write.executeRaw(statement("BEGIN IMMEDIATE"));
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() + wait > deadline) throw error;
        await sleep(wait);
      }
    }
  }

  async #bareWrite<T>(run: () => Promise<T>): Promise<T> {
    const release = await this.#mutex.lock();
    try {
      await this.#beginImmediate();
      try {
        const result = await run();
        await this.write.executeRaw(statement("COMMIT"));
        return result;
      } catch (error) {
        // Also after a failed COMMIT, which leaves the transaction open on the connection.
        await this.write.executeRaw(statement("ROLLBACK")).catch(() => {});
        throw error;
      }
    } finally {
      release();
    }
  }
}

/**
 * A transaction on the write connection. Prisma sends COMMIT / ROLLBACK itself through
 * executeRaw (usePhantomQuery: false) and then calls commit() / rollback(). The lock is released
 * as soon as either statement has run, so a failed COMMIT cannot leave the mutex held forever,
 * and nothing sent afterwards may reach the connection, which by then belongs to someone else.
 */
class WriteTransaction implements Transaction {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };
  #closed = false;

  constructor(
    readonly connection: SqlDriverAdapter,
    readonly release: () => void,
  ) {
    this.adapterName = connection.adapterName;
  }

  #checkOpen(): void {
    if (this.#closed) throw new DriverAdapterError({ kind: "TransactionAlreadyClosed", cause: "the transaction has ended" });
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    this.#checkOpen();
    return this.connection.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    const ending = /^\s*(COMMIT|ROLLBACK|END)\b/i.test(query.sql);
    if (ending && this.#closed) return 0;
    this.#checkOpen();
    if (!ending) return this.connection.executeRaw(query);
    this.#closed = true;
    try {
      return await this.connection.executeRaw(query);
    } catch (error) {
      // A failed COMMIT leaves the transaction open: roll it back before anyone else gets the connection.
      await this.connection.executeRaw(statement("ROLLBACK")).catch(() => {});
      throw error;
    } finally {
      this.release();
    }
  }

  async commit(): Promise<void> {
    this.#closed = true;
    this.release();
  }

  async rollback(): Promise<void> {
    this.#closed = true;
    this.release();
  }
}

export class IsolatedSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = "@prisma/adapter-better-sqlite3";

  constructor(readonly options: SqliteAdapterOptions) {}

  async connect(): Promise<SqlDriverAdapter> {
    const { file } = this.options;
    const busyTimeoutMs = this.options.busyTimeoutMs ?? 5000;
    // timeout 0: SQLite's own busy handler would block the event loop; #beginImmediate waits instead.
    const write = await new PrismaBetterSQLite3({ url: file, timeout: 0 }).connect();
    // WAL is what lets the read connection see only committed data while a transaction is open.
    await write.executeScript("PRAGMA journal_mode = WAL");
    const read = await new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs }).connect();
    await read.executeScript("PRAGMA query_only = ON");
    return new IsolatedSqliteAdapter(write, read, new ReadOnlyClassifier(file), busyTimeoutMs);
  }
}
