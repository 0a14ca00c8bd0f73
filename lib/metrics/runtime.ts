/**
 * Metrics read from the running API at scrape time (prom-client `collect()`):
 * the usage buffer's depth and totals, the hot store's writer queue and, on
 * PostgreSQL, its connection pool. `registerRuntimeMetrics` names the runtime
 * to read (scripts/start.ts, once startApi has built it); until then these
 * series are simply absent.
 */
import client from "prom-client";
import type { HotStore } from "../store/types";
import type { UsageBuffer } from "../usage/buffer";
import { registry } from "./registry";

type Runtime = { usage: Pick<UsageBuffer, "stats">; store: Pick<HotStore, "stats"> };
let current: Runtime | null = null;

/** Reads this runtime's buffer and store on every scrape from now on (the last one registered wins). */
export function registerRuntimeMetrics(runtime: Runtime): void {
  current = runtime;
}

new client.Gauge({
  name: "gatehouse_usage_buffer_depth",
  help: "Usage events in memory: buffered (waiting for the next flush) and writing (handed to the database, not yet written).",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    if (current === null) return;
    const stats = current.usage.stats();
    this.labels("buffered").set(stats.buffered);
    this.labels("writing").set(stats.writing);
  },
});

new client.Counter({
  name: "gatehouse_usage_events_total",
  help: "Usage events since start: accepted into the buffer, written, discarded (orphaned: key or team deleted; invalid), dropped (verify events refused by a full buffer), lost (unwritten at close).",
  labelNames: ["result"] as const,
  registers: [registry],
  collect() {
    if (current === null) return;
    const stats = current.usage.stats();
    // The buffer keeps the totals; the counter shows them as they are.
    this.reset();
    this.labels("accepted").inc(stats.accepted);
    this.labels("written").inc(stats.written);
    this.labels("orphaned").inc(stats.orphaned);
    this.labels("invalid").inc(stats.invalid);
    this.labels("dropped").inc(stats.droppedVerify);
    this.labels("lost").inc(stats.lost);
  },
});

new client.Gauge({
  name: "gatehouse_usage_writer_queue_batches",
  help: "Usage batches handed to the database writer and not yet written (SQLite: its writer thread; PostgreSQL: its serial queue).",
  registers: [registry],
  collect() {
    if (current !== null) this.set(current.store.stats().writerQueue);
  },
});

/** The pool gauges carry a label so that, on SQLite (no pool), no series appears at all rather than a misleading 0. */
const poolGauge = (name: string, help: string, read: (pool: NonNullable<ReturnType<HotStore["stats"]>["pool"]>) => number) =>
  new client.Gauge({
    name,
    help: `${help} (PostgreSQL only).`,
    labelNames: ["pool"] as const,
    registers: [registry],
    collect() {
      const pool = current?.store.stats().pool;
      if (pool) this.labels("hot_path").set(read(pool));
    },
  });

poolGauge("gatehouse_db_pool_connections", "Connections the hot path's PostgreSQL pool holds open", (pool) => pool.total);
poolGauge("gatehouse_db_pool_idle_connections", "Open connections of that pool not in use", (pool) => pool.idle);
poolGauge("gatehouse_db_pool_waiting_queries", "Queries waiting for a connection of that pool", (pool) => pool.waiting);
