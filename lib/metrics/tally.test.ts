import client from "prom-client";
import { describe, expect, it } from "vitest";
import { CounterTally, TallyHistogram } from "./tally";
import { parsePrometheusText } from "./testing/prometheus-text";

const BUCKETS = [0.001, 0.01, 0.1, 1];

describe("TallyHistogram", () => {
  it("exports exactly what prom-client's own Histogram exports for the same observations", async () => {
    const ours = new client.Registry();
    const theirs = new client.Registry();
    const tally = new TallyHistogram("t_seconds", "Test.", "code", BUCKETS, ours);
    const reference = new client.Histogram({ name: "t_seconds", help: "Test.", labelNames: ["code"], buckets: BUCKETS, registers: [theirs] });
    // Bounds are inclusive (le): 0.01 falls in the 0.01 bucket; 5 only in +Inf.
    const observations: [string, number][] = [["VALID", 0.0004], ["VALID", 0.01], ["VALID", 0.5], ["VALID", 5], ["REVOKED", 0.001], ["REVOKED", 0.0011]];
    for (const [code, value] of observations) {
      tally.labels(code).observe(value);
      reference.labels(code).observe(value);
    }
    const sorted = (text: string) => parsePrometheusText(text).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(await ours.metrics())).toEqual(sorted(await theirs.metrics()));
    expect(parsePrometheusText(await ours.metrics())).toContainEqual({ name: "t_seconds_bucket", labels: { le: "0.01", code: "VALID" }, value: 2 });

    ours.resetMetrics();
    const reset = parsePrometheusText(await ours.metrics());
    expect(reset.filter((s) => s.value !== 0)).toEqual([]);
  });
});

describe("CounterTally", () => {
  it("adds what was counted since the last scrape, alongside direct inc() calls", async () => {
    const registry = new client.Registry();
    const tally = new CounterTally();
    const counter = new client.Counter({
      name: "c_total",
      help: "Test.",
      labelNames: ["endpoint", "outcome"],
      registers: [registry],
      collect() {
        tally.pushInto(this);
      },
    });
    const valid = tally.slot("verify", "VALID");
    valid.n += 3;
    tally.slot("usage", "2xx").n++;
    counter.labels("usage", "2xx").inc();
    const value = async (endpoint: string, outcome: string) =>
      parsePrometheusText(await registry.metrics()).find((s) => s.labels.endpoint === endpoint && s.labels.outcome === outcome)?.value;
    expect(await value("verify", "VALID")).toBe(3);
    expect(await value("usage", "2xx")).toBe(2);
    // A second scrape adds nothing twice; new counts add on.
    expect(await value("verify", "VALID")).toBe(3);
    valid.n++;
    expect(await value("verify", "VALID")).toBe(4);
  });
});
