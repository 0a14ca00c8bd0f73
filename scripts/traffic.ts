/**
 * `npm run traffic -- --url http://localhost:3000 --token gks_… --key gk_… [--key gk_…] --rps 20 --duration 60s`
 *
 * The service token (--token, or GATEHOUSE_SERVICE_TOKEN) comes from Operator →
 * Service tokens or `npm run service-token -- create "Traffic"`.
 * Plays a provider's backend against a running Gatehouse: for each simulated
 * request it verifies the key (POST /api/v1/keys/verify) and, when valid,
 * later reports what happened (POST /api/v1/usage, batched once a second):
 * mostly 200s, some 4xx/5xx, log-normal latencies, token counts, a few models.
 * About 2% of verifications use an unknown key and 1% a malformed one.
 *
 * Bounded: at most 500 req/s and 30 minutes, at most 200 requests in flight;
 * loopback targets only unless --allow-remote. Ctrl-C stops early and still
 * sends the pending reports.
 */
import { parseArgs } from "node:util";
import { generateKey } from "../lib/keys/format";
import { syntheticRequest, type SyntheticRequest } from "./lib/traffic-mix";

const MAX_RPS = 500;
const MAX_DURATION_MS = 30 * 60_000;
const MAX_IN_FLIGHT = 200;

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    key: { type: "string", multiple: true, default: [] },
    token: { type: "string", default: process.env.GATEHOUSE_SERVICE_TOKEN ?? "" },
    rps: { type: "string", default: "20" },
    duration: { type: "string", default: "60s" },
    "allow-remote": { type: "boolean", default: false },
  },
});

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--duration: expected e.g. 60s, 5m or 90 (seconds), got "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * unit;
}

function fail(message: string): never {
  console.error(`[traffic] ${message}`);
  process.exit(2);
}

const base = new URL(args.url!);
const loopback = ["localhost", "127.0.0.1", "[::1]", "::1"].includes(base.hostname) || base.hostname.startsWith("127.");
if (!loopback && !args["allow-remote"]) fail(`${base.hostname} is not a loopback address; pass --allow-remote to target it on purpose.`);
const keys = args.key!;
if (keys.length === 0) fail("give at least one --key gk_… (create one on a team's Keys page).");
const token = args.token!;
if (!token.startsWith("gks_")) fail('give the service token as --token gks_… (Operator → Service tokens, or npm run service-token -- create "Traffic").');
const rps = Math.min(MAX_RPS, Math.max(0.1, Number(args.rps)));
const durationMs = Math.min(MAX_DURATION_MS, parseDuration(args.duration!));
if (!Number.isFinite(rps)) fail("--rps must be a number");

const stats = {
  verify: {} as Record<string, number>,
  reported: { "2xx": 0, "4xx": 0, "5xx": 0 } as Record<string, number>,
  reportCalls: 0,
  httpErrors: {} as Record<string, number>,
  skipped: 0,
  tokens: { input: 0, output: 0 },
};
const bump = (map: Record<string, number>, key: string, by = 1) => (map[key] = (map[key] ?? 0) + by);
const pendingReports = new Map<string, (SyntheticRequest & { timestamp: number })[]>();
let inFlight = 0;

async function post(path: string, body: unknown): Promise<Response | null> {
  try {
    return await fetch(new URL(path, base), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    bump(stats.httpErrors, (error as Error).name === "TimeoutError" ? "timeout" : "connection");
    return null;
  }
}

async function simulateRequest(): Promise<void> {
  const roll = Math.random();
  const key = keys[Math.floor(Math.random() * keys.length)];
  const sent = roll < 0.01 ? "gk_live_not-a-real-key" : roll < 0.03 ? generateKey("production") : key;
  const request = syntheticRequest();
  const res = await post("/api/v1/keys/verify", { key: sent, ...(request.model ? { model: request.model } : {}), ip: "127.0.0.1" });
  if (!res) return;
  if (res.status !== 200) return void bump(stats.httpErrors, `verify ${res.status}`);
  const verdict = (await res.json()) as { valid: boolean; code: string };
  bump(stats.verify, verdict.code);
  if (!verdict.valid) return;
  const list = pendingReports.get(key) ?? [];
  list.push({ ...request, timestamp: Date.now() });
  pendingReports.set(key, list);
}

async function sendReports(): Promise<void> {
  const batches = [...pendingReports.entries()];
  pendingReports.clear();
  await Promise.all(
    batches.map(async ([key, events]) => {
      for (let i = 0; i < events.length; i += 1000) {
        const chunk = events.slice(i, i + 1000);
        const res = await post("/api/v1/usage", { key, events: chunk });
        stats.reportCalls++;
        if (!res) continue;
        if (res.status !== 202) {
          bump(stats.httpErrors, `usage ${res.status}`);
          continue;
        }
        for (const e of chunk) {
          bump(stats.reported, `${Math.floor(e.status / 100)}xx`);
          stats.tokens.input += e.inputTokens;
          stats.tokens.output += e.outputTokens;
        }
      }
    }),
  );
}

function printSummary(elapsedMs: number): void {
  const verifications = Object.values(stats.verify).reduce((a, b) => a + b, 0);
  console.log(`\n[traffic] sent for ${(elapsedMs / 1000).toFixed(1)} s to ${base.origin} with ${keys.length} key(s):`);
  console.log(`  verifications: ${verifications}  ${JSON.stringify(stats.verify)}`);
  console.log(`  reported requests: ${JSON.stringify(stats.reported)} in ${stats.reportCalls} call(s); tokens in/out ${stats.tokens.input}/${stats.tokens.output}`);
  if (stats.skipped) console.log(`  skipped (more than ${MAX_IN_FLIGHT} in flight): ${stats.skipped}`);
  if (Object.keys(stats.httpErrors).length) console.log(`  errors: ${JSON.stringify(stats.httpErrors)}`);
}

async function main(): Promise<void> {
  console.log(`[traffic] ${rps} req/s for ${durationMs / 1000} s against ${base.origin} (Ctrl-C stops early)`);
  const started = Date.now();
  let stopping = false;
  process.once("SIGINT", () => (stopping = true));
  let due = 0;
  let lastReport = started;
  while (!stopping && Date.now() - started < durationMs) {
    // Even pacing: send whatever has fallen due since the start at the requested rate.
    const target = Math.floor(((Date.now() - started) / 1000) * rps);
    for (; due < target; due++) {
      if (inFlight >= MAX_IN_FLIGHT) {
        stats.skipped++;
        continue;
      }
      inFlight++;
      void simulateRequest().finally(() => inFlight--);
    }
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      void sendReports();
    }
    await new Promise((r) => setTimeout(r, Math.max(5, Math.min(100, 1000 / rps / 2))));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  await sendReports();
  printSummary(Date.now() - started);
}

main().catch((error) => {
  console.error("[traffic] failed:", error);
  process.exit(1);
});
