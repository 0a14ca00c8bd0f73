/**
 * Latency histograms with fixed, log-spaced bins, so rollups of any size can
 * be merged by adding counts and percentiles read back within one bin's width
 * (about ±16% of the value, since neighbouring edges differ by a factor ~1.33).
 *
 * Bin 0 is [0, 1) ms, bins 1..38 split [1 ms, 60 s) evenly on a log scale,
 * bin 39 holds everything from 60 s up. `latencyHist` columns store the counts
 * as a JSON array of LATENCY_BIN_COUNT numbers ("[]" when empty).
 */
export const LATENCY_MAX_MS = 60_000;
const LOG_BINS = 38;
export const LATENCY_BIN_COUNT = LOG_BINS + 2;

/** LATENCY_BIN_EDGES[i] is the lower edge of bin i; the last bin has no upper edge. */
export const LATENCY_BIN_EDGES: readonly number[] = Object.freeze([
  0,
  ...Array.from({ length: LOG_BINS + 1 }, (_, k) => Math.pow(LATENCY_MAX_MS, k / LOG_BINS)),
]);

const LOG_SCALE = LOG_BINS / Math.log(LATENCY_MAX_MS);

/** The bin index a latency (ms) falls into. Negative or NaN counts as 0. */
export function binFor(ms: number): number {
  if (!(ms >= 1)) return 0;
  if (ms >= LATENCY_MAX_MS) return LATENCY_BIN_COUNT - 1;
  let bin = 1 + Math.floor(Math.log(ms) * LOG_SCALE);
  // Guard against floating-point error right at an edge.
  if (ms < LATENCY_BIN_EDGES[bin]) bin--;
  else if (bin + 1 < LATENCY_BIN_COUNT && ms >= LATENCY_BIN_EDGES[bin + 1]) bin++;
  return bin;
}

export function emptyHist(): number[] {
  return new Array<number>(LATENCY_BIN_COUNT).fill(0);
}

/** Element-wise sum; either side may be empty ("[]" in the database) or shorter. */
export function mergeHists(a: readonly number[], b: readonly number[]): number[] {
  const length = Math.max(a.length, b.length);
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/** Parses a stored latencyHist column; anything unreadable counts as empty. */
export function parseHist(json: string | null | undefined): number[] {
  if (!json || json === "[]") return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map((n) => (typeof n === "number" && n > 0 ? n : 0)) : [];
  } catch {
    return [];
  }
}

/**
 * The latency (ms) at quantile `p` (0..1, e.g. 0.95 for p95), interpolated
 * linearly inside the bin where it falls. Null for an empty histogram.
 */
export function percentileFromHist(hist: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  let total = 0;
  for (const count of hist) total += count;
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const count = hist[i];
    if (count === 0) continue;
    if (seen + count >= rank) {
      if (i >= LATENCY_BIN_COUNT - 1) return LATENCY_MAX_MS;
      const low = LATENCY_BIN_EDGES[i];
      const high = LATENCY_BIN_EDGES[i + 1];
      return low + (high - low) * Math.max(0, (rank - seen) / count);
    }
    seen += count;
  }
  return LATENCY_MAX_MS;
}

/** Width of the bin holding `ms`: the accuracy bound of a percentile near `ms`. */
export function binWidthAt(ms: number): number {
  const bin = binFor(ms);
  if (bin >= LATENCY_BIN_COUNT - 1) return Infinity;
  return LATENCY_BIN_EDGES[bin + 1] - LATENCY_BIN_EDGES[bin];
}
