/**
 * `npm run bench:verify` — the key verification hot path against a bare Node
 * http server on the same machine, on SQLite and on PostgreSQL, then the
 * 30-day usage query over 1,000,000 events on each. Everything runs on
 * loopback against throw-away databases. For each engine, in one run:
 *   1. bare Node and verify at full speed (50 connections): the throughput ratio.
 *      The key carries a full policy (model list, IP allowlist, RPM, TPM,
 *      budget) and each call sends a model, an IP and an estimate, so every
 *      check runs and a reservation is signed; then the same server with a key
 *      without policy, to show what the policy itself costs;
 *   2. verify and bare Node at a fixed 1,000 req/s: p50/p99 against the bare floor;
 *   3. "held write lock": the same as 1 while another connection holds the lock
 *      usage writes need (SQLite's write lock; on PostgreSQL an EXCLUSIVE lock
 *      on "UsageEvent") for --lock-seconds; afterwards every answered
 *      verification must be recorded;
 *   4. 1,000,000 events through writeUsageBatch, then keyUsageSeries(key, "30d").
 * The machine is shared, so the two servers are measured in alternating
 * slices (--slice seconds each) and every figure is the median over the
 * slices: a burst of someone else's work hits both sides instead of one.
 *
 * Flags: --engines sqlite,postgres  --connections 50  --rounds 5  --slice 3  --rate 1000
 *        --lock-seconds 60  --events 1000000  --strict (exit 1 if a target is missed)
 * Env:   BENCH_DIST_DIR (Next build dir, default .next-bench; built when missing)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchDatabase, type BenchEngine } from "./lib/bench-engines";
import { runUsageBench, type UsageBenchResult } from "./lib/bench-usage";
import { runLoad, type LoadOptions, type LoadResult } from "./lib/load";
import { freePort, startLogged, stopProcess, waitForHttp } from "./lib/processes";

const { values: args } = parseArgs({
  options: {
    engines: { type: "string", default: "sqlite,postgres" },
    connections: { type: "string", default: "50" },
    rounds: { type: "string", default: "5" },
    slice: { type: "string", default: "3" },
    rate: { type: "string", default: "1000" },
    "lock-seconds": { type: "string", default: "60" },
    events: { type: "string", default: "1000000" },
    strict: { type: "boolean", default: false },
  },
});
const engines = args.engines.split(",").map((e) => e.trim()) as BenchEngine[];
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const slice = Number(args.slice);
const rate = Number(args.rate);
const lockSeconds = Number(args["lock-seconds"]);
const eventCount = Number(args.events);

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
const SLOW_HAND_OVER_MS = 5;
const TARGETS: Record<BenchEngine, { ratio: number; p99OverBareMs: number }> = {
  sqlite: { ratio: 0.5, p99OverBareMs: 1 },
  postgres: { ratio: 0.4, p99OverBareMs: 2 },
};
const HELD_LOCK_RATIO = 0.8;
const QUERY_MS = 50;
const log = (message: string) => console.log(`[bench] ${message}`);

const BARE_SERVER = `
const http = require("node:http");
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString("utf8")); } catch { body = null; }
    const payload = JSON.stringify({ ok: typeof body?.key === "string" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
    res.end(payload);
  });
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

function ensureBuild(): void {
  if (!fs.existsSync(path.join(root, "lib/generated/prisma/client.ts")) || !fs.existsSync(path.join(root, "lib/generated/prisma-postgres/client.ts"))) {
    log("generating the Prisma clients…");
    execFileSync(process.execPath, [path.join(root, "node_modules/.bin/tsx"), path.join(root, "scripts/db-generate.ts")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }
  if (fs.existsSync(path.join(root, distDir, "BUILD_ID"))) return log(`using the existing Next build in ${distDir}`);
  log(`building Next into ${distDir} (once; delete it to rebuild)…`);
  execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
  });
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");

/** Median over the slices of one side. */
type Measured = { label: string; rps: number; p50: number; p99: number; max: number; total: number; ok: number; failed: number };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarize(label: string, slices: LoadResult[]): Measured {
  return {
    label,
    rps: median(slices.map((r) => r.rps)),
    p50: median(slices.map((r) => r.p50)),
    p99: median(slices.map((r) => r.p99)),
    max: Math.max(...slices.map((r) => r.max)),
    total: slices.reduce((n, r) => n + r.total, 0),
    ok: slices.reduce((n, r) => n + r.ok, 0),
    failed: slices.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
}

/** Runs `a` and `b` in alternating slices; returns each side's slices and the median per-round ratio a/b of throughput. */
async function alternate(a: LoadOptions, b: LoadOptions, count: number): Promise<{ a: LoadResult[]; b: LoadResult[]; ratio: number }> {
  const sa: LoadResult[] = [];
  const sb: LoadResult[] = [];
  for (let i = 0; i < count; i++) {
    // Swap the order every round, so neither side always runs right after the other.
    if (i % 2 === 0) {
      sa.push(await runLoad(a));
      sb.push(await runLoad(b));
    } else {
      sb.push(await runLoad(b));
      sa.push(await runLoad(a));
    }
  }
  return { a: sa, b: sb, ratio: median(sa.map((r, i) => r.rps / sb[i].rps)) };
}

function printTable(rows: Measured[]): void {
  const widths = [44, 10, 10, 9, 9, 9, 8];
  console.log(row(["run (median of slices)", "req/s", "requests", "p50 ms", "p99 ms", "max ms", "non-2xx"], widths));
  for (const r of rows) console.log(row([r.label, fmt(r.rps, 0), String(r.total), fmt(r.p50), fmt(r.p99), fmt(r.max, 1), String(r.failed)], widths));
}

type Target = { name: string; value: string; pass: boolean };
type EngineReport = { engine: BenchEngine; targets: Target[] };

async function benchEngine(engine: BenchEngine, bareUrl: string, tmp: string): Promise<EngineReport> {
  log(`=== ${engine}: preparing a fresh database`);
  const database = await benchDatabase(engine, tmp);
  const appPort = await freePort();
  const env = {
    ...process.env,
    USAGE_SLOW_FLUSH_MS: String(SLOW_HAND_OVER_MS),
    NODE_ENV: "production" as const,
    PORT: String(appPort),
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: "bench-only-secret",
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    GATEHOUSE_DATA_DIR: path.join(tmp, `data-${engine}`),
  };
  log(`starting the production server on 127.0.0.1:${appPort} (${engine})`);
  const app = startLogged(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/start.ts")], env);
  const verifyUrl = `http://127.0.0.1:${appPort}/api/v1/keys/verify`;
  try {
    await waitForHttp(verifyUrl, 120_000, app.child);
  } catch (error) {
    console.error(app.log());
    await stopProcess(app.child);
    await database.stop();
    throw error;
  }

  try {
    const key = await database.createKey("Verify bench");
    // The key carries a full policy, so every check of the pipeline runs on every request.
    await database.setFullPolicy(key.keyId);
    const headers = { authorization: `Bearer ${await database.createServiceToken()}` };
    const body = JSON.stringify({ key: key.secret, model: "claude-sonnet-5", ip: "127.0.0.1", estimatedTokens: 1000 });
    const check = await (await fetch(verifyUrl, { method: "POST", body, headers })).json();
    const expected = { valid: true, code: "VALID", keyId: key.keyId, name: "Verify bench" };
    for (const [field, value] of Object.entries(expected)) {
      if (check[field] !== value) throw new Error(`unexpected verify answer: ${JSON.stringify(check)}`);
    }
    if (!check.limits?.requests || !check.limits?.tokens || !check.limits?.budget || !check.reservation) throw new Error(`the full policy is not in effect: ${JSON.stringify(check)}`);
    log(`verify answer with the full policy (${Buffer.byteLength(JSON.stringify(check))} bytes): ${JSON.stringify(check.limits)}`);

    const full = { body, headers, connections, durationSeconds: slice };
    const bareFull: LoadOptions = { ...full, label: "bare", url: bareUrl };
    const verifyFull: LoadOptions = { ...full, label: "verify", url: verifyUrl };
    log("warming up both servers (3 s each)…");
    await runLoad({ ...bareFull, durationSeconds: 3 });
    const warm = await runLoad({ ...verifyFull, durationSeconds: 3 });
    log(`measuring ${connections} connections, ${rounds} alternating slices of ${slice} s…`);
    const speed = await alternate(verifyFull, bareFull, rounds);
    // What the policy itself costs: the same server, a key without any policy, in alternating slices.
    const plainKey = await database.createKey("Verify bench, no policy", key.teamId);
    const plainFull: LoadOptions = { ...full, label: "verify, no policy", url: verifyUrl, body: JSON.stringify({ key: plainKey.secret }) };
    log(`measuring the full policy against a key without one, ${rounds} alternating slices of ${slice} s…`);
    const policyCost = await alternate(verifyFull, plainFull, rounds);
    log(`measuring a fixed ${rate} req/s, ${rounds} alternating slices of ${slice} s…`);
    const fixedOptions = { connections: 10, overallRate: rate };
    const fixedRun = await alternate({ ...verifyFull, ...fixedOptions }, { ...bareFull, ...fixedOptions }, rounds);
    const p99Over = median(fixedRun.a.map((r, i) => r.p99 - fixedRun.b[i].p99));

    log(`holding the usage write lock from another connection for ${lockSeconds} s while both are measured…`);
    const release = await database.holdWriteLock();
    let locked: Awaited<ReturnType<typeof alternate>>;
    try {
      locked = await alternate(verifyFull, bareFull, Math.max(1, Math.floor(lockSeconds / (2 * slice))));
    } finally {
      await release();
    }

    log("stopping the server with SIGTERM (writes what is buffered)…");
    await stopProcess(app.child, 60_000);
    const serverLog = app.log();
    const slow = serverLog.split("\n").filter((line) => line.includes("blocked the event loop"));
    log(slow.length ? `hand-overs that blocked the event loop over ${SLOW_HAND_OVER_MS} ms:\n  ${slow.slice(0, 10).join("\n  ")}` : `no usage hand-over blocked the event loop over ${SLOW_HAND_OVER_MS} ms`);
    const trouble = serverLog.split("\n").filter((line) => /could not be written|buffer full|writer thread/.test(line));
    if (trouble.length) log(`usage problems reported by the server:\n  ${trouble.slice(0, 10).join("\n  ")}`);
    const answered = [warm, ...speed.a, ...fixedRun.a, ...locked.a, ...policyCost.a].reduce((n, r) => n + r.ok, 0) + 1;
    const recorded = await database.usageCounts(key.keyId);

    const usageKey = await database.createKey("Usage bench", key.teamId);
    log(`writing ${eventCount.toLocaleString("en")} usage events over 30 days through writeUsageBatch (${engine})…`);
    const usage: UsageBenchResult = await runUsageBench(database.url, usageKey, eventCount);

    const ratio = speed.ratio;
    const lockRatio = locked.ratio / speed.ratio;
    const target = TARGETS[engine];
    const verify = summarize(`verify (${engine}), ${connections} conns`, speed.a);
    const bare = summarize(`bare node http, ${connections} conns`, speed.b);
    const fixed = summarize(`verify (${engine}), fixed ${rate} req/s`, fixedRun.a);
    const fixedBare = summarize(`bare node http, fixed ${rate} req/s`, fixedRun.b);
    const lockedVerify = summarize(`verify (${engine}), write lock held`, locked.a);
    const lockedBare = summarize(`bare node http, while the lock is held`, locked.b);
    console.log(`\n=== ${engine}: verify benchmark (loopback, this machine) ===`);
    printTable([bare, verify, fixedBare, fixed, lockedBare, lockedVerify]);
    console.log(`\nverify / bare throughput: ${fmt(ratio, 3)} (${fmt(ratio * 100, 1)}%, median of ${rounds} paired slices)`);
    console.log(`full policy / no policy on the same server: ${fmt(policyCost.ratio, 3)} (${fmt(summarize("", policyCost.a).rps, 0)} vs ${fmt(summarize("", policyCost.b).rps, 0)} req/s)`);
    console.log(`p99 at ${rate} req/s: verify ${fmt(fixed.p99)} ms, bare ${fmt(fixedBare.p99)} ms (median paired difference ${p99Over >= 0 ? "+" : ""}${fmt(p99Over)} ms); p50 ${fmt(fixed.p50)} vs ${fmt(fixedBare.p50)} ms`);
    console.log(`held write lock: verify ${fmt(lockedVerify.rps, 0)} req/s (${fmt(locked.ratio * 100, 1)}% of bare) vs ${fmt(verify.rps, 0)} req/s (${fmt(speed.ratio * 100, 1)}% of bare) without: ${fmt(lockRatio * 100, 1)}% of its throughput kept`);
    console.log(`usage events recorded for the verify key: ${recorded.events} raw, rollup verifications ${JSON.stringify(recorded.verifications)}; verify answers counted by autocannon: ${answered} (in-flight requests at the end of a run are served but not counted, so recorded ≥ counted)`);
    console.log(`writeUsageBatch: ${eventCount.toLocaleString("en")} events in ${fmt(usage.insertMs / 1000)} s (${fmt(eventCount / (usage.insertMs / 1000), 0)} events/s), ${usage.rollupRows.toLocaleString("en")} rollup rows`);
    console.log(`30-day usage query (${usage.source}): first call ${fmt(usage.coldMs)} ms, then median ${fmt(usage.warmMs)} ms over ${usage.runs} runs`);
    if (fixedBare.p99 >= 5) console.log(`note: the bare server's own p99 at ${rate} req/s was ${fmt(fixedBare.p99)} ms — the machine is busy; latency figures are not representative.`);
    return {
      engine,
      targets: [
        { name: `verify ≥ ${target.ratio * 100}% of bare node`, value: `${fmt(ratio * 100, 1)}%`, pass: ratio >= target.ratio },
        { name: `p99 at ${rate} req/s ≤ bare + ${target.p99OverBareMs} ms`, value: `+${fmt(Math.max(0, p99Over))} ms`, pass: p99Over <= target.p99OverBareMs },
        { name: `held write lock ≥ ${HELD_LOCK_RATIO * 100}% of verify`, value: `${fmt(lockRatio * 100, 1)}%`, pass: lockRatio >= HELD_LOCK_RATIO },
        { name: "every answered verification recorded", value: `${recorded.events}/${answered}`, pass: recorded.events >= answered && recorded.verifications.day === recorded.events },
        { name: `30-day key usage query < ${QUERY_MS} ms`, value: `${fmt(usage.warmMs)} ms`, pass: usage.warmMs < QUERY_MS },
      ],
    };
  } finally {
    await stopProcess(app.child);
    await database.stop();
  }
}

async function main(): Promise<void> {
  ensureBuild();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
  const barePort = await freePort();
  const bare = startLogged(process.execPath, ["-e", BARE_SERVER], { ...process.env, PORT: String(barePort) });
  const bareUrl = `http://127.0.0.1:${barePort}/`;
  const reports: EngineReport[] = [];
  try {
    await waitForHttp(bareUrl, 10_000, bare.child);
    for (const engine of engines) reports.push(await benchEngine(engine, bareUrl, tmp));
  } finally {
    await stopProcess(bare.child);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log("\nengine     target                                     measured    result");
  for (const report of reports) {
    for (const t of report.targets) console.log(`${report.engine.padEnd(10)} ${t.name.padEnd(42)} ${t.value.padStart(9)}    ${t.pass ? "PASS" : "MISS"}`);
  }
  if (args.strict && reports.some((r) => r.targets.some((t) => !t.pass))) process.exit(1);
}

main().catch((error) => {
  console.error("[bench] failed:", error);
  process.exit(1);
});
