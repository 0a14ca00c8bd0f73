/**
 * For tests: the Prometheus text exposition format read back, strictly
 * enough that a malformed line fails the test (`# HELP` / `# TYPE` comments,
 * then `name{label="value",…} number` samples).
 */
import { registry } from "../registry";

export type Sample = { name: string; labels: Record<string, string>; value: number };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      if (!COMMENT.test(line)) throw new Error(`not a HELP/TYPE line: ${line}`);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const label = LABEL.exec(body);
      if (!label) throw new Error(`bad labels in: ${line}`);
      labels[label[1]] = label[2];
    }
    const value = numberOf(match[3]);
    if (value === undefined) throw new Error(`bad value in: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** A sample value as Prometheus reads it (Go's ParseFloat: NaN and ±Inf in any case). */
function numberOf(text: string): number | undefined {
  const special = text.toLowerCase();
  if (special === "nan") return NaN;
  if (special === "+inf" || special === "inf") return Infinity;
  if (special === "-inf") return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : undefined;
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** This process's registry, parsed (what GET /metrics would answer). */
export async function currentSamples(): Promise<Sample[]> {
  return parsePrometheusText(await registry.metrics());
}
