/**
 * The usage half of the benchmark: N synthetic events for one key over the
 * last 30 days, written through writeUsageBatch (so rollups exist exactly as
 * in production), then the 30-day usage query timed. DATABASE_URL must point
 * at the benchmark database before this runs.
 */
import Database from "better-sqlite3";
import type { DirectKey } from "./direct-db";
import { seededRandom, syntheticRequest } from "./traffic-mix";

const DAY_MS = 86_400_000;
const CHUNK = 100_000;

export async function insertSyntheticUsage(key: DirectKey, count: number): Promise<{ ms: number; rollupRows: number }> {
  const { writeUsageBatch } = await import("../../lib/usage/ingest");
  const { databaseFile } = await import("../../lib/db-url");
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
    await writeUsageBatch(events);
    ms += performance.now() - t0;
  }
  const sqlite = new Database(databaseFile(), { readonly: true });
  const rollupRows = (sqlite.prepare("SELECT COUNT(*) AS n FROM UsageRollup WHERE keyId = ?").get(key.keyId) as { n: number }).n;
  sqlite.close();
  return { ms, rollupRows };
}

type QueryTiming = { source: string; coldMs: number; warmMs: number; runs: number };

async function time(run: () => Promise<unknown> | unknown, runs: number): Promise<{ coldMs: number; warmMs: number }> {
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

/** Times keyUsageSeries(keyId, "30d") from lib/usage/query.ts — what the key page runs. */
export async function timeUsageQuery(keyId: string, runs = 9): Promise<QueryTiming> {
  const { keyUsageSeries } = await import("../../lib/usage/query");
  const result = await time(() => keyUsageSeries(keyId, "30d"), runs);
  return { source: 'lib/usage/query.ts keyUsageSeries(key, "30d")', ...result, runs };
}
