/**
 * Counting on the verify hot path at the cost of a number increment.
 * prom-client spends ~0.3 µs per labelled `inc()` and ~0.5 µs per `observe()`
 * (it rebuilds a label hash string and validates labels each time): about 2%
 * of a verify request's whole cost, for a call answered in tens of µs. Here a
 * request bumps a plain slot, and the work moves to the scrape:
 * - CounterTally: slots per (label, label) pair, added to a prom-client
 *   Counter as deltas in its `collect()`, so direct `inc()` calls elsewhere
 *   still add up;
 * - TallyHistogram: a histogram with one label whose buckets are plain
 *   arrays, exposed to the registry through the metric interface prom-client
 *   itself calls (`get()`, `reset()`), in the same text format.
 */
import type client from "prom-client";

export type Slot = { n: number; pushed: number };

export class CounterTally {
  private readonly slots = new Map<string, Map<string, Slot>>();

  /** The slot for this pair, made on first use; callers keep it (or look it up again: two map reads). */
  slot(first: string, second: string): Slot {
    let inner = this.slots.get(first);
    if (inner === undefined) this.slots.set(first, (inner = new Map()));
    let slot = inner.get(second);
    if (slot === undefined) inner.set(second, (slot = { n: 0, pushed: 0 }));
    return slot;
  }

  /** Adds what was counted since the last scrape to `counter` (labels in its labelNames order). */
  pushInto(counter: client.Counter<string>): void {
    for (const [first, inner] of this.slots) {
      for (const [second, slot] of inner) {
        const delta = slot.n - slot.pushed;
        slot.pushed = slot.n;
        if (delta > 0) counter.labels(first, second).inc(delta);
      }
    }
  }
}

type Series = { counts: Float64Array; sum: number; count: number };
type Sample = { labels: Record<string, string | number>; value: number; metricName: string };

export class TallyHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly buckets: readonly number[],
    registry: client.Registry,
  ) {
    // The registry asks a metric only for get() and reset(): see the comment at the top.
    registry.registerMetric(this as unknown as client.Metric);
  }

  /** The series for one label value, made on first use; keep it. */
  labels(value: string): { observe(seconds: number): void } {
    let series = this.series.get(value);
    if (series === undefined) this.series.set(value, (series = { counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 }));
    const target = series;
    const bounds = this.buckets;
    return {
      observe(seconds: number): void {
        let i = 0;
        while (i < bounds.length && seconds > bounds[i]) i++;
        target.counts[i]++;
        target.sum += seconds;
        target.count++;
      },
    };
  }

  reset(): void {
    for (const series of this.series.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }

  /** What prom-client's own Histogram returns: cumulative `_bucket` samples per `le`, then `_sum` and `_count`. */
  async get() {
    const values: Sample[] = [];
    for (const [value, series] of this.series) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += series.counts[i];
        values.push({ labels: { le: this.buckets[i], [this.labelName]: value }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { le: "+Inf", [this.labelName]: value }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { [this.labelName]: value }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { [this.labelName]: value }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
