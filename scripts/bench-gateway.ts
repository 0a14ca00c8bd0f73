/**
 * `npm run bench:gateway` — the Anthropic-compatible gateway against calling
 * the upstream directly and against Portkey's open-source gateway, in one run,
 * against the same fake upstream (docs/gateway-benchmark.md):
 *   (a) direct to the fake upstream, (b) through Gatehouse with a key carrying
 *   a full policy (models, IP allowlist, RPM, TPM, budget), (c) through Portkey.
 * For JSON and for streaming requests:
 *   1. a fixed --rate (open loop): p50/p99 added over direct, and for streams
 *      the time to the first body chunk added;
 *   2. full speed on --connections: requests/s; a side is "sustained" when
 *      none of its requests failed or answered other than 200.
 * The sides run in rotating order in alternating slices; every figure is the
 * median over the rounds. Afterwards the usage Gatehouse recorded for the key
 * must equal the requests sent to it, with the tokens the fake upstream sent.
 *
 * Flags: --rate 500  --rounds 5  --slice 3 (seconds)  --connections 50 (a list: 10,50)
 *        --kinds json,stream  --sides direct,gatehouse,portkey  --deltas 40  --tokens-per-delta 8
 *        --warmup 2 (seconds)  --phases fixed,full  --cpu-prof DIR (profiles of Gatehouse and Portkey)
 *        --probe (event-loop delay and GC pauses inside each gateway at the fixed rate)  --verbose (every slice)
 *        --strict (exit 1 on a miss)
 * Quick run (~1 min): --rounds 3 --slice 1. Env: BENCH_DIST_DIR (Next build dir, default .next-bench).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchDatabase } from "./lib/bench-engines";
import { runFullSpeed, runPaced, type CpuPerRequest, type Endpoint, type Kind, type SpeedResult } from "./lib/bench-gateway-client";
import { BENCH_MODEL, expectedUsage, meteredUsage, requestBody } from "./lib/bench-gateway-metering";
import { fmt, latencyFigures, pairedRatio, printLatencyTable, printProbeTable, printSpeedTable, printTargets, signed, speedFigures, type PacedSlices, type SpeedFigures, type SpeedSlices, type Target } from "./lib/bench-gateway-report";
import { endpoints, ensureBuild, SIDES, startGatehouse, startPortkey, startUpstream, type ProbeReport, type Service, type Side } from "./lib/bench-gateway-sides";

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    rounds: { type: "string", default: "5" },
    slice: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    kinds: { type: "string", default: "json,stream" },
    sides: { type: "string", default: SIDES.join(",") },
    deltas: { type: "string", default: "40" },
    "tokens-per-delta": { type: "string", default: "8" },
    warmup: { type: "string", default: "2" },
    phases: { type: "string", default: "fixed,full" },
    "cpu-prof": { type: "string" },
    probe: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
  },
});
const rate = Number(args.rate);
const rounds = Number(args.rounds);
const slice = Number(args.slice);
const connectionLevels = args.connections.split(",").map(Number);
const kinds = args.kinds.split(",").map((k) => k.trim()) as Kind[];
const sides = SIDES.filter((s) => args.sides.split(",").map((x) => x.trim()).includes(s));
const shape = { deltas: Number(args.deltas), tokensPerDelta: Number(args["tokens-per-delta"]) };
const warmupSeconds = Number(args.warmup);
const phases = new Set(args.phases.split(",").map((p) => p.trim()));
const profileDir = args["cpu-prof"] ? path.resolve(args["cpu-prof"]) : undefined;
function badFlag(message: string): never {
  console.error(`[bench] ${message}`);
  process.exit(2);
}
if (!sides.includes("direct")) badFlag("--sides must include direct: every figure is relative to it");
for (const [flag, value] of Object.entries({ rate, rounds, slice, warmup: warmupSeconds, deltas: shape.deltas, "tokens-per-delta": shape.tokensPerDelta })) {
  if (!(value > 0)) badFlag(`--${flag} must be a positive number`);
}
if (!connectionLevels.every((c) => Number.isInteger(c) && c > 0)) badFlag("--connections must be whole numbers, comma-separated");
if (!kinds.every((k) => k === "json" || k === "stream")) badFlag("--kinds takes json and/or stream");

const ADDED_P99_MS = 2;
const SPEED_RATIO = 2;
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
const log = (message: string) => console.log(`[bench] ${message}`);

/** Each round runs every side once, starting one further along, so no side always follows the same one. */
function rotation(round: number): Side[] {
  const k = round % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}

/** Requests sent to Gatehouse and its answers, across every run, for the metering and the all-200 checks. */
const gatehouseTally = { sent: 0, ok: 0, statuses: {} as Record<string, number> };
function tallyPaced(side: Side, r: { sent: number; ok: number; statuses: Record<string, number> }) {
  if (side !== "gatehouse") return;
  gatehouseTally.sent += r.sent;
  gatehouseTally.ok += r.ok;
  for (const [status, n] of Object.entries(r.statuses)) gatehouseTally.statuses[status] = (gatehouseTally.statuses[status] ?? 0) + n;
}
function tallySpeed(side: Side, r: SpeedResult) {
  if (side !== "gatehouse") return;
  gatehouseTally.sent += r.sent;
  gatehouseTally.ok += r.ok;
  if (r.failed) gatehouseTally.statuses.failed = (gatehouseTally.statuses.failed ?? 0) + r.failed;
}

/** The gateway processes (Gatehouse, Portkey), whose CPU is read around every slice. */
const gatewayProcesses: Partial<Record<Side, Service>> = {};

/** Runs one slice, with the CPU its gateway process used per request and, with --probe, the process's probe report. */
async function measure<T extends { sent: number }>(side: Side, run: () => Promise<T>, probe = false): Promise<T & { cpu: CpuPerRequest; probe?: ProbeReport }> {
  const gateway = gatewayProcesses[side];
  const probing = probe && args.probe && gateway !== undefined;
  if (probing) await gateway.probe();
  const before = gateway?.cpu() ?? null;
  const result = await run();
  const after = gateway?.cpu() ?? null;
  const report = probing ? await gateway.probe() : undefined;
  const per = (field: "total" | "main") => (before && after && result.sent > 0 ? ((after[field] - before[field]) * 1e6) / result.sent : NaN);
  return { ...result, cpu: { total: per("total"), main: per("main") }, ...(report ? { probe: report } : {}) };
}

/** One answer from each side, read whole: the right shape and the fake upstream's usage, before anything is timed. */
async function checkAnswers(kind: Kind, targets: Partial<Record<Side, Endpoint>>, expected: { input: number; output: number }): Promise<void> {
  for (const side of sides) {
    const endpoint = targets[side]!;
    const res = await fetch(endpoint.url, { method: "POST", headers: { ...endpoint.headers, "content-type": "application/json" }, body: requestBody(kind) });
    const text = await res.text();
    tallyPaced(side, { sent: 1, ok: res.status === 200 ? 1 : 0, statuses: { [res.status]: 1 } });
    if (side === "gatehouse" && res.status === 404 && !text.includes('"type":"error"')) {
      throw new Error("Gatehouse answered 404 on /v1/messages: the gateway is not in this tree yet (run with --sides direct,portkey)");
    }
    if (res.status !== 200) throw new Error(`${side} answered ${res.status} to a ${kind} request: ${text.slice(0, 300)}`);
    const usage =
      kind === "json"
        ? JSON.parse(text).usage
        : { input_tokens: JSON.parse(/event: message_start\ndata: (.*)\n/.exec(text)![1]).message.usage.input_tokens, output_tokens: JSON.parse([...text.matchAll(/event: message_delta\ndata: (.*)\n/g)].at(-1)![1]).usage.output_tokens };
    if (usage.input_tokens !== expected.input || usage.output_tokens !== expected.output || (kind === "stream" && !text.trimEnd().endsWith('{"type":"message_stop"}'))) {
      throw new Error(`${side}'s ${kind} answer is not the fake upstream's: ${text.slice(0, 300)}`);
    }
  }
}

async function benchKind(kind: Kind, targets: Partial<Record<Side, Endpoint>>, expected: { input: number; output: number }) {
  const body = requestBody(kind);
  await checkAnswers(kind, targets, expected);
  log(`${kind}: warming up every side (${warmupSeconds} s at ${rate} req/s, then ${connectionLevels.at(-1)! * 20} requests at full speed)…`);
  const estimate: Partial<Record<Side, number>> = {};
  for (const side of sides) {
    tallyPaced(side, await runPaced(targets[side]!, body, kind, rate, warmupSeconds));
    const warm = await runFullSpeed(targets[side]!, body, connectionLevels.at(-1)!, connectionLevels.at(-1)! * 20);
    tallySpeed(side, warm);
    estimate[side] = warm.rps;
  }

  const paced: PacedSlices = {};
  if (phases.has("fixed")) log(`${kind}: a fixed ${rate} req/s, ${rounds} rounds of ${slice} s per side…`);
  for (let round = 0; phases.has("fixed") && round < rounds; round++) {
    for (const side of rotation(round)) {
      const r = await measure(side, () => runPaced(targets[side]!, body, kind, rate, slice), true);
      tallyPaced(side, r);
      if (args.verbose) log(`  ${kind} fixed round ${round + 1} ${side}: p50 ${fmt(r.p50)} p99 ${fmt(r.p99)} ttfb p99 ${fmt(r.ttfbP99)} ms, cpu ${fmt(r.cpu.total, 0)} µs/req, failed ${r.failed}/${r.sent}`);
      (paced[side] ??= []).push(r);
    }
  }

  const speed: Record<number, SpeedSlices> = {};
  for (const connections of phases.has("full") ? connectionLevels : []) {
    log(`${kind}: full speed on ${connections} connections, ${rounds} rounds of about ${slice} s per side…`);
    speed[connections] = {};
    for (let round = 0; round < rounds; round++) {
      for (const side of rotation(round)) {
        // A number of requests rather than a duration, so every request sent is answered (and metered) before the next slice.
        const amount = Math.max(connections * 4, Math.round(estimate[side]! * slice));
        const r = await measure(side, () => runFullSpeed(targets[side]!, body, connections, amount));
        tallySpeed(side, r);
        if (args.verbose) log(`  ${kind} full round ${round + 1} ${side}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99)} ms, cpu ${fmt(r.cpu.total, 0)} µs/req, failed ${r.failed}/${r.sent}; ${gatehouseTally.sent} sent to Gatehouse so far`);
        if (r.failed === 0) estimate[side] = r.rps;
        (speed[connections][side] ??= []).push(r);
      }
    }
  }
  return { paced, speed };
}

/** Prints one kind's tables; returns its targets (n/a for what this run did not measure). */
function reportKind(kind: Kind, { paced, speed }: Awaited<ReturnType<typeof benchKind>>): Target[] {
  const label = kind === "json" ? "JSON" : "streaming";
  const latency = paced.direct ? latencyFigures(paced) : {};
  if (latency.direct) {
    printLatencyTable(kind, rate, rounds, latency);
    if (args.probe) printProbeTable(paced);
    if (latency.direct.p99 >= 5) log(`note: direct p99 at ${rate} req/s was ${fmt(latency.direct.p99)} ms for ${kind}: the machine is busy, latency figures are not representative`);
  }
  const best: Partial<Record<Side, number>> = {};
  for (const [connections, slices] of Object.entries(speed)) {
    const figures = speedFigures(slices);
    printSpeedTable(kind, Number(connections), rounds, figures);
    const ratio = pairedRatio(slices.gatehouse, slices.portkey);
    if (Number.isFinite(ratio)) console.log(`gatehouse / portkey: ${fmt(ratio)}× (median of per-round ratios)`);
    for (const [side, f] of Object.entries(figures) as [Side, SpeedFigures][]) {
      if (f.sustained) best[side] = Math.max(best[side] ?? 0, f.rps);
    }
  }
  const g = latency.gatehouse;
  const compared = sides.includes("gatehouse") && sides.includes("portkey") && Object.keys(speed).length > 0;
  const ratio = (best.gatehouse ?? 0) / (best.portkey ?? NaN);
  return [
    {
      name: `${label}: Gatehouse adds < ${ADDED_P99_MS} ms at p99 at ${rate} req/s`,
      value: g ? `${signed(g.addedP99)} ms` : "not measured",
      pass: g ? g.addedP99 < ADDED_P99_MS && g.failed === 0 : null,
    },
    {
      name: `${label}: Gatehouse sustains ≥ ${SPEED_RATIO}× Portkey's req/s`,
      value: compared ? `${fmt(best.gatehouse ?? 0, 0)} / ${fmt(best.portkey ?? NaN, 0)} = ${fmt(ratio)}×` : "not measured",
      pass: compared ? ratio >= SPEED_RATIO : null,
    },
  ];
}

async function main(): Promise<void> {
  log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores; sides: ${sides.join(", ")}; kinds: ${kinds.join(", ")}`);
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-gateway-bench-"));
  const services: Service[] = [];
  const expected = expectedUsage(shape);
  let database: Awaited<ReturnType<typeof benchDatabase>> | null = null;
  try {
    const upstream = await startUpstream(shape);
    services.push(upstream);
    log(`fake upstream on ${upstream.url}: ${shape.deltas} text deltas of ${shape.tokensPerDelta} tokens, no delay between events`);
    let portkey: Service | undefined;
    if (sides.includes("portkey")) {
      portkey = await startPortkey(profileDir, args.probe);
      services.push(portkey);
      gatewayProcesses.portkey = portkey;
      log(`Portkey's gateway on ${portkey.url}`);
    }
    let gatehouse: Service | undefined;
    let key: { keyId: string; secret: string } | undefined;
    if (sides.includes("gatehouse")) {
      ensureBuild(distDir, log);
      database = await benchDatabase("sqlite", tmp);
      gatehouse = await startGatehouse({ databaseUrl: database.url, dataDir: path.join(tmp, "data"), upstreamUrl: upstream.url, distDir, profileDir, probe: args.probe });
      services.push(gatehouse);
      gatewayProcesses.gatehouse = gatehouse;
      key = await database.createKey("Gateway bench");
      await database.setFullPolicy(key.keyId);
      log(`Gatehouse on ${gatehouse.url} (SQLite), a key with a full policy`);
    }
    const targets = endpoints({ upstream: upstream.url, gatehouse: gatehouse?.url, portkey: portkey?.url }, key?.secret);

    const results: Partial<Record<Kind, Awaited<ReturnType<typeof benchKind>>>> = {};
    for (const kind of kinds) results[kind] = await benchKind(kind, targets, expected);

    let metered: ReturnType<typeof meteredUsage> | null = null;
    if (gatehouse && database && key) {
      log("stopping Gatehouse with SIGTERM (drains, then writes the buffered usage)…");
      await gatehouse.stop(60_000);
      const trouble = gatehouse.log().split("\n").filter((line) => /error|fail|could not|buffer full|blocked the event loop/i.test(line));
      if (trouble.length) log(`Gatehouse reported:\n  ${trouble.slice(0, 10).join("\n  ")}`);
      metered = meteredUsage(database.url.replace(/^file:/, ""), key.keyId, expected);
    }

    const targetsMet: Target[] = kinds.flatMap((kind) => reportKind(kind, results[kind]!));
    if (metered) {
      const other = Object.entries(gatehouseTally.statuses).filter(([status]) => status !== "200");
      console.log(`\nGatehouse answers: ${gatehouseTally.ok}/${gatehouseTally.sent} complete 200s${other.length ? `; others ${JSON.stringify(Object.fromEntries(other))}` : ""}`);
      const rollups = Object.entries(metered.rollupRequests).map(([granularity, n]) => `${granularity} ${n}`).join(", ");
      console.log(
        `usage recorded for the key: ${metered.events} gateway events ${JSON.stringify(metered.statuses)}; ${metered.exact200} 200s with the upstream's ${expected.input} input / ${expected.output} output tokens, ${metered.wrong200} with other counts; ` +
          `${metered.inputTokens} input / ${metered.outputTokens} output tokens in all; rollup requests: ${rollups}; events of other kinds ${JSON.stringify(metered.otherKinds)}`,
      );
      targetsMet.push({ name: "every Gatehouse answer a complete 200", value: `${gatehouseTally.ok}/${gatehouseTally.sent}`, pass: gatehouseTally.ok === gatehouseTally.sent });
      // Every request sent is one event, and every complete answer one with exactly what the upstream sent
      // (a stream the client gave up on is billed for what was relayed, so it may count less).
      const meteringOk = metered.events === gatehouseTally.sent && metered.exact200 >= gatehouseTally.ok;
      targetsMet.push({ name: "usage recorded = requests sent, with their tokens", value: `${metered.events}/${gatehouseTally.sent}`, pass: meteringOk });
    }
    log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at the end (model ${BENCH_MODEL}, ${expected.input} input / ${expected.output} output tokens a request)`);
    printTargets(targetsMet);
    if (profileDir) log(`CPU profiles in ${profileDir} (open in Chrome DevTools or speedscope)`);
    if (args.strict && targetsMet.some((t) => t.pass === false)) process.exitCode = 1;
  } finally {
    for (const s of services.reverse()) await s.stop();
    await database?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error);
  process.exit(1);
});
