/**
 * Realistic-looking traffic for the benchmark and `npm run traffic`: mostly
 * 200s with some 4xx/5xx, log-normal latencies, token counts, a few models.
 */
export const MODELS = ["claude-sonnet-5", "claude-haiku-4-5", "claude-opus-5"] as const;
const MODEL_WEIGHTS = [0.6, 0.3, 0.1];

// Cumulative weights: 91% 200, then client errors, then server errors.
const STATUSES: [number, number][] = [
  [200, 0.91],
  [400, 0.93],
  [401, 0.935],
  [404, 0.945],
  [429, 0.975],
  [500, 0.985],
  [503, 0.995],
  [529, 1],
];

export function gaussian(random: () => number = Math.random): number {
  const u = random() || Number.EPSILON;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Log-normal: median `median`, spread `sigma` (0.6 ≈ p95 at 2.7x the median). */
export function logNormal(median: number, sigma: number, random: () => number = Math.random): number {
  return Math.exp(Math.log(median) + sigma * gaussian(random));
}

export function pickStatus(random: () => number = Math.random): number {
  const r = random();
  for (const [status, upTo] of STATUSES) if (r < upTo) return status;
  return 200;
}

export function pickModel(random: () => number = Math.random): string {
  let r = random();
  for (let i = 0; i < MODELS.length; i++) {
    if ((r -= MODEL_WEIGHTS[i]) < 0) return MODELS[i];
  }
  return MODELS[0];
}

export type SyntheticRequest = { status: number; latencyMs: number; model: string; inputTokens: number; outputTokens: number };

/** One reported request: errors are fast and produce no output tokens. */
export function syntheticRequest(random: () => number = Math.random): SyntheticRequest {
  const status = pickStatus(random);
  const model = pickModel(random);
  const ok = status < 400;
  const median = model.includes("haiku") ? 400 : model.includes("opus") ? 2500 : 1200;
  const latencyMs = Math.round(ok ? logNormal(median, 0.6, random) : logNormal(status >= 500 ? 3000 : 40, 0.8, random));
  const inputTokens = Math.round(logNormal(800, 1, random));
  const outputTokens = ok ? Math.round(logNormal(300, 0.9, random)) : 0;
  return { status, latencyMs: Math.min(latencyMs, 600_000), model, inputTokens, outputTokens };
}

/** Small fast seeded PRNG (mulberry32) so generated data sets are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
