/**
 * The figures of `npm run bench:gateway` from its slices: every figure is the
 * median over the rounds, and every "added" figure is the median of the
 * per-round differences against the direct side measured in the same round,
 * so a burst of someone else's work on the machine hits a pair, not one side.
 */
import type { CpuPerRequest, Kind, PacedResult, SpeedResult } from "./bench-gateway-client";
import type { ProbeReport, Side } from "./bench-gateway-sides";

export const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : NaN);
export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const signed = (n: number, digits = 2) => (Number.isFinite(n) ? `${n >= 0 ? "+" : ""}${n.toFixed(digits)}` : "n/a");
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");

type Paced = PacedResult & { cpu: CpuPerRequest; probe?: ProbeReport };
type Speed = SpeedResult & { cpu: CpuPerRequest };
export type PacedSlices = Partial<Record<Side, Paced[]>>;
export type SpeedSlices = Partial<Record<Side, Speed[]>>;

type Cpu = { cpuTotal: number; cpuMain: number };
export type LatencyFigures = Cpu & { p50: number; p99: number; ttfbP50: number; ttfbP99: number; addedP50: number; addedP99: number; addedTtfbP50: number; addedTtfbP99: number; chunks: number; failed: number; sent: number };
export type SpeedFigures = Cpu & { rps: number; minRps: number; maxRps: number; p99: number; failed: number; sent: number; sustained: boolean };

const pairedDelta = (side: PacedResult[], direct: PacedResult[], pick: (r: PacedResult) => number) => median(side.map((r, i) => pick(r) - pick(direct[i])));
const cpuFigures = (rs: { cpu: CpuPerRequest }[]): Cpu => ({ cpuTotal: median(rs.map((r) => r.cpu.total)), cpuMain: median(rs.map((r) => r.cpu.main)) });
const cpuCells = (f: Cpu) => (Number.isFinite(f.cpuTotal) ? [fmt(f.cpuTotal, 0), fmt(f.cpuMain, 0)] : ["", ""]);

export function latencyFigures(slices: PacedSlices): Partial<Record<Side, LatencyFigures>> {
  const direct = slices.direct!;
  const out: Partial<Record<Side, LatencyFigures>> = {};
  for (const [side, rs] of Object.entries(slices) as [Side, Paced[]][]) {
    out[side] = {
      ...cpuFigures(rs),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      ttfbP50: median(rs.map((r) => r.ttfbP50)),
      ttfbP99: median(rs.map((r) => r.ttfbP99)),
      addedP50: pairedDelta(rs, direct, (r) => r.p50),
      addedP99: pairedDelta(rs, direct, (r) => r.p99),
      addedTtfbP50: pairedDelta(rs, direct, (r) => r.ttfbP50),
      addedTtfbP99: pairedDelta(rs, direct, (r) => r.ttfbP99),
      chunks: median(rs.map((r) => r.chunks)),
      failed: rs.reduce((n, r) => n + r.failed, 0),
      sent: rs.reduce((n, r) => n + r.sent, 0),
    };
  }
  return out;
}

export function speedFigures(slices: SpeedSlices): Partial<Record<Side, SpeedFigures>> {
  const out: Partial<Record<Side, SpeedFigures>> = {};
  for (const [side, rs] of Object.entries(slices) as [Side, Speed[]][]) {
    const failed = rs.reduce((n, r) => n + r.failed, 0);
    out[side] = { ...cpuFigures(rs), rps: median(rs.map((r) => r.rps)), minRps: Math.min(...rs.map((r) => r.rps)), maxRps: Math.max(...rs.map((r) => r.rps)), p99: median(rs.map((r) => r.p99)), failed, sent: rs.reduce((n, r) => n + r.sent, 0), sustained: failed === 0 };
  }
  return out;
}

/** Median of the per-round ratios a/b of requests per second. */
export function pairedRatio(a: Speed[] | undefined, b: Speed[] | undefined): number {
  if (!a || !b) return NaN;
  return median(a.map((r, i) => r.rps / b[i].rps));
}

export function printLatencyTable(kind: Kind, rate: number, rounds: number, figures: Partial<Record<Side, LatencyFigures>>): void {
  const stream = kind === "stream";
  const widths = stream ? [11, 8, 8, 8, 8, 9, 9, 9, 7, 9, 8, 10] : [11, 8, 8, 8, 8, 7, 9, 8, 10];
  const head = stream
    ? ["side", "p50 ms", "p99 ms", "+p50", "+p99", "ttfb p50", "+ttfb p50", "+ttfb p99", "chunks", "cpu µs/req", "main µs", "failed"]
    : ["side", "p50 ms", "p99 ms", "+p50", "+p99", "chunks", "cpu µs/req", "main µs", "failed"];
  console.log(`\n${kind === "json" ? "JSON" : "Streaming"} requests at a fixed ${rate} req/s (open loop; median of ${rounds} rounds; + = added over direct, median of per-round differences)`);
  console.log(row(head, widths));
  for (const [side, f] of Object.entries(figures) as [Side, LatencyFigures][]) {
    const cells = [side, fmt(f.p50), fmt(f.p99), side === "direct" ? "" : signed(f.addedP50), side === "direct" ? "" : signed(f.addedP99)];
    if (stream) cells.push(fmt(f.ttfbP50), side === "direct" ? "" : signed(f.addedTtfbP50), side === "direct" ? "" : signed(f.addedTtfbP99));
    cells.push(fmt(f.chunks, 0), ...cpuCells(f), `${f.failed}/${f.sent}`);
    console.log(row(cells, widths));
  }
}

/** Inside each gateway during the fixed-rate slices (--probe): medians over the rounds, and the worst single pause. */
export function printProbeTable(slices: PacedSlices): void {
  const widths = [11, 10, 10, 10, 9, 12, 11, 7];
  console.log("inside the gateway process (--probe): event-loop delay beyond a 1 ms timer, and GC pauses per second of slice");
  console.log(row(["side", "loop p50", "loop p99", "loop max", "GCs/s", "GC ms/s", "worst GC", "major"], widths));
  for (const [side, rs] of Object.entries(slices) as [Side, Paced[]][]) {
    const probes = rs.flatMap((r) => (r.probe ? [r.probe] : []));
    if (probes.length === 0) continue;
    const m = (pick: (p: ProbeReport) => number) => median(probes.map(pick));
    console.log(
      row(
        [
          side,
          `${fmt(m((p) => p.loopP50Ms))} ms`,
          `${fmt(m((p) => p.loopP99Ms))} ms`,
          `${fmt(Math.max(...probes.map((p) => p.loopMaxMs)), 1)} ms`,
          fmt(m((p) => p.gc.count / p.seconds), 1),
          fmt(m((p) => p.gc.totalMs / p.seconds)),
          `${fmt(Math.max(...probes.map((p) => p.gc.maxMs)))} ms`,
          String(probes.reduce((n, p) => n + p.gc.major, 0)),
        ],
        widths,
      ),
    );
  }
}

export function printSpeedTable(kind: Kind, connections: number, rounds: number, figures: Partial<Record<Side, SpeedFigures>>): void {
  const widths = [11, 9, 13, 10, 9, 11, 8, 14, 10];
  const direct = figures.direct?.rps ?? NaN;
  console.log(`\n${kind === "json" ? "JSON" : "Streaming"} requests at full speed, ${connections} connections (median of ${rounds} rounds)`);
  console.log(row(["side", "req/s", "slices", "of direct", "p99 ms", "cpu µs/req", "main µs", "failed", "sustained"], widths));
  for (const [side, f] of Object.entries(figures) as [Side, SpeedFigures][]) {
    console.log(row([side, fmt(f.rps, 0), `${fmt(f.minRps, 0)}–${fmt(f.maxRps, 0)}`, `${fmt((f.rps / direct) * 100, 1)}%`, fmt(f.p99), ...cpuCells(f), `${f.failed}/${f.sent}`, f.sustained ? "yes" : "NO"], widths));
  }
}

export type Target = { name: string; value: string; pass: boolean | null };

export function printTargets(targets: Target[]): void {
  console.log(`\n${"target".padEnd(58)} ${"measured".padStart(22)}    result`);
  for (const t of targets) console.log(`${t.name.padEnd(58)} ${t.value.padStart(22)}    ${t.pass === null ? "n/a" : t.pass ? "PASS" : "MISS"}`);
}

export { signed };
