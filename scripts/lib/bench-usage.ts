/**
 * The usage half of the benchmark: N synthetic events for one key over the
 * last 30 days, written through writeUsageBatch (so rollups exist exactly as
 * in production), then the 30-day usage query timed. Runs in a process of its
 * own per engine (`runUsageBench`), because lib/db picks its engine from
 * DATABASE_URL once per process.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { DirectKey } from "./direct-db";
import { seededRandom, syntheticRequest } from "./traffic-mix";

const DAY_MS = 86_400_000;
const CHUNK = 100_000;

export type UsageBenchResult = { insertMs: number; rollupRows: number; source: string; coldMs: number; warmMs: number; runs: number };

async function insertSyntheticUsage(key: Pick<DirectKey, "keyId" | "teamId">, count: number): Promise<{ ms: number; rollupRows: number }> {
  const { writeUsageBatch } = await import("../../lib/usage/ingest");
  const { db } = await import("../../lib/db");
  const random = seededRandom(7);
  const now = Date.now();
  let ms = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const size = Math.min(CHUNK, count - done);
    const events = new Array(size);
    for (let i = 0; i < size; i++) {
      const r = syntheticRequest(random);
      events[i] = {
        keyId: key.keyId,
        teamId: key.teamId,
        ts: Math.floor(now - random() * 30 * DAY_MS),
        kind: "report",
        status: r.status,
        latencyMs: r.latencyMs,
        model: r.model,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
      };
    }
    const t0 = performance.now();
    const { written } = await writeUsageBatch(events);
    ms += performance.now() - t0;
    if (written !== size) throw new Error(`writeUsageBatch wrote ${written} of ${size} events`);
  }
  return { ms, rollupRows: await db.usageRollup.count({ where: { keyId: key.keyId } }) };
}

async function time(run: () => Promise<unknown>, runs: number): Promise<{ coldMs: number; warmMs: number }> {
  let t0 = performance.now();
  await run();
  const coldMs = performance.now() - t0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { coldMs, warmMs: samples[Math.floor(samples.length / 2)] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "key-id": { type: "string" }, "team-id": { type: "string" }, events: { type: "string" }, runs: { type: "string", default: "9" } } });
  const key = { keyId: values["key-id"]!, teamId: values["team-id"]! };
  const insert = await insertSyntheticUsage(key, Number(values.events));
  const { keyUsageSeries } = await import("../../lib/usage/query");
  const runs = Number(values.runs);
  const timing = await time(() => keyUsageSeries(key.keyId, "30d"), runs);
  const result: UsageBenchResult = { insertMs: insert.ms, rollupRows: insert.rollupRows, source: 'keyUsageSeries(key, "30d")', ...timing, runs };
  console.log(JSON.stringify(result));
  const { db } = await import("../../lib/db");
  await db.$disconnect();
  process.exit(0);
}

/** Writes `events` events for the key into the database at `databaseUrl` and times the 30-day query, in a child process. */
export function runUsageBench(databaseUrl: string, key: Pick<DirectKey, "keyId" | "teamId">, events: number): Promise<UsageBenchResult> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve, reject) => {
    execFile(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "scripts/lib/bench-usage.ts"), "--key-id", key.keyId, "--team-id", key.teamId, "--events", String(events)],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`usage benchmark failed: ${error.message}\n${stderr}`));
        const last = stdout.trim().split("\n").at(-1) ?? "";
        try {
          resolve(JSON.parse(last) as UsageBenchResult);
        } catch {
          reject(new Error(`usage benchmark printed no result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
