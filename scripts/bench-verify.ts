/**
 * `npm run bench:verify` — measures the key verification hot path against a
 * bare Node http server on the same machine, then the 30-day usage query over
 * 1,000,000 events. Everything runs on loopback against a temp database.
 *
 * Flags: --connections 50  --duration 10  --rate 1000  --events 1000000  --strict (exit 1 if a target is missed)
 * Env:   BENCH_DIST_DIR (Next build dir, default .next-bench; built when missing)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { addKey, createTeamWithKey, usageCounts } from "./lib/direct-db";
import { runLoad, type LoadResult } from "./lib/load";
import { freePort, startLogged, stopProcess, waitForHttp } from "./lib/processes";
import { insertSyntheticUsage, timeUsageQuery } from "./lib/bench-usage";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    rate: { type: "string", default: "1000" },
    events: { type: "string", default: "1000000" },
    strict: { type: "boolean", default: false },
  },
});
const connections = Number(args.connections);
const duration = Number(args.duration);
const rate = Number(args.rate);
const eventCount = Number(args.events);

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
const SLOW_FLUSH_REPORT_MS = 5;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
const dbFile = path.join(tmp, "bench.db");
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
  if (!fs.existsSync(path.join(root, "lib/generated/prisma/client.ts"))) {
    log("generating the Prisma client…");
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
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

function printLoadTable(results: LoadResult[]): void {
  const widths = [34, 10, 10, 9, 9, 9, 8];
  console.log(row(["run", "req/s", "requests", "p50 ms", "p99 ms", "max ms", "non-2xx"], widths));
  for (const r of results) {
    console.log(row([r.label, fmt(r.rps, 0), String(r.total), fmt(r.p50), fmt(r.p99), fmt(r.max, 1), String(r.non2xx + r.errors)], widths));
  }
}

async function main(): Promise<void> {
  ensureBuild();
  const [appPort, barePort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    USAGE_SLOW_FLUSH_MS: String(SLOW_FLUSH_REPORT_MS),
    NODE_ENV: "production" as const,
    PORT: String(appPort),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${dbFile}`,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  log(`starting the production server on 127.0.0.1:${appPort} (database ${dbFile})`);
  const app = startLogged(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/start.ts")], env);
  const bare = startLogged(process.execPath, ["-e", BARE_SERVER], { ...process.env, PORT: String(barePort) });
  const stopAll = () => Promise.all([stopProcess(app.child), stopProcess(bare.child)]);
  const verifyUrl = `http://127.0.0.1:${appPort}/api/v1/keys/verify`;
  const bareUrl = `http://127.0.0.1:${barePort}/`;

  try {
    await waitForHttp(verifyUrl, 120_000, app.child);
    await waitForHttp(bareUrl, 10_000, bare.child);
  } catch (error) {
    console.error(app.log());
    await stopAll();
    throw error;
  }

  const key = createTeamWithKey(dbFile, { keyName: "Verify bench" });
  const body = JSON.stringify({ key: key.secret });
  const expectBody = JSON.stringify({ valid: true, code: "VALID", keyId: key.keyId, teamId: key.teamId, environment: "production", name: "Verify bench", expiresAt: null });
  const check = await (await fetch(verifyUrl, { method: "POST", body })).text();
  if (check !== expectBody) throw new Error(`unexpected verify answer: ${check}`);

  const load = { body, connections, durationSeconds: duration };
  log(`warming up both servers (3 s each)…`);
  await runLoad({ ...load, label: "warm-up", url: bareUrl, durationSeconds: 3 });
  const warm = await runLoad({ ...load, label: "warm-up", url: verifyUrl, durationSeconds: 3 });
  log(`measuring ${connections} connections × ${duration} s…`);
  const bareResult = await runLoad({ ...load, label: `bare node http, ${connections} conns`, url: bareUrl });
  const verifyResult = await runLoad({ ...load, label: `verify, ${connections} conns`, url: verifyUrl });
  log(`measuring a fixed ${rate} req/s for ${duration} s, verify then bare…`);
  const fixedResult = await runLoad({ ...load, label: `verify, fixed ${rate} req/s`, url: verifyUrl, connections: 10, overallRate: rate });
  // The same schedule against the bare server: the machine's own latency floor, for judging the row above.
  const fixedBare = await runLoad({ ...load, label: `bare node http, fixed ${rate} req/s`, url: bareUrl, connections: 10, overallRate: rate });

  log("stopping the server with SIGTERM (flushes the usage buffer)…");
  await stopAll();
  // Each flush blocks the event loop while it writes; the slow ones explain tail latency.
  const slowFlushes = app.log().split("\n").filter((line) => line.includes("[usage] writing") && line.includes(" took "));
  log(slowFlushes.length ? `usage flushes over ${SLOW_FLUSH_REPORT_MS} ms:\n  ${slowFlushes.slice(0, 10).join("\n  ")}` : `no usage flush took over ${SLOW_FLUSH_REPORT_MS} ms`);
  const answered = warm.ok + verifyResult.ok + fixedResult.ok + 1;
  const recorded = usageCounts(dbFile, key.keyId);

  const usageKey = addKey(dbFile, key.teamId, "Usage bench");
  log(`inserting ${eventCount.toLocaleString("en")} usage events over 30 days through writeUsageBatch…`);
  process.env.DATABASE_URL = `file:${dbFile}`;
  const insert = await insertSyntheticUsage(usageKey, eventCount);
  const query = await timeUsageQuery(usageKey.keyId);

  const ratio = verifyResult.rps / bareResult.rps;
  const targets = [
    { name: "verify throughput ≥ 1/3 of bare node", value: `${fmt(ratio * 100, 1)}%`, pass: ratio >= 1 / 3 },
    { name: `p99 at ${rate} req/s < 5 ms`, value: `${fmt(fixedResult.p99)} ms`, pass: fixedResult.p99 < 5 },
    { name: "30-day key usage query < 100 ms", value: `${fmt(query.warmMs)} ms`, pass: query.warmMs < 100 },
  ];

  console.log("\n=== Gatehouse verify benchmark (loopback, this machine) ===");
  printLoadTable([bareResult, verifyResult, fixedResult, fixedBare]);
  console.log(`\nverify / bare throughput: ${fmt(ratio, 3)} (${fmt(ratio * 100, 1)}%)`);
  console.log(`usage events recorded for the verify key: ${recorded.events} raw, rollup verifications ${JSON.stringify(recorded.verifications)}; verify answers counted by autocannon: ${answered} (in-flight requests at the end of a run are served but not counted, so recorded ≥ counted)`);
  console.log(`writeUsageBatch: ${eventCount.toLocaleString("en")} events in ${fmt(insert.ms / 1000)} s (${fmt(eventCount / (insert.ms / 1000), 0)} events/s), ${insert.rollupRows.toLocaleString("en")} rollup rows`);
  console.log(`30-day usage query (${query.source}): first call ${fmt(query.coldMs)} ms, then median ${fmt(query.warmMs)} ms over ${query.runs} runs`);
  console.log("\ntarget                                   measured    result");
  for (const t of targets) console.log(`${t.name.padEnd(40)} ${t.value.padStart(9)}    ${t.pass ? "PASS" : "MISS"}`);
  if (fixedBare.p99 >= 5) console.log(`note: the bare server's own p99 at ${rate} req/s was ${fmt(fixedBare.p99)} ms — the machine is busy; latency figures are not representative.`);

  fs.rmSync(tmp, { recursive: true, force: true });
  if (args.strict && targets.some((t) => !t.pass)) process.exit(1);
}

main().catch((error) => {
  console.error("[bench] failed:", error);
  process.exit(1);
});
