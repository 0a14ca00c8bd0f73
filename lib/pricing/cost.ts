/**
 * The cost of one request from its token counts and a price, in integer
 * micro-dollars. Pure. Prices are micro-dollars per million tokens, so the
 * cost is sum(tokens × price) / 1e6, rounded to the nearest micro-dollar once
 * per request. Token counts (≤ 1e9 per direction) times prices (≤ 2^31) can
 * pass 2^53, where numbers stop being exact; such sums are taken in BigInt.
 */
export type Price = {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheWritePerMTok: number;
  cacheReadPerMTok: number;
};

export type TokenCounts = {
  inputTokens?: number;
  outputTokens?: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
};

export function costMicros(tokens: TokenCounts, price: Price): number {
  const i = tokens.inputTokens ?? 0;
  const o = tokens.outputTokens ?? 0;
  const w = tokens.cacheWriteTokens ?? 0;
  const r = tokens.cacheReadTokens ?? 0;
  const sum = i * price.inputPerMTok + o * price.outputPerMTok + w * price.cacheWritePerMTok + r * price.cacheReadPerMTok;
  if (Number.isSafeInteger(sum)) return Math.round(sum / 1_000_000);
  const big =
    BigInt(i) * BigInt(price.inputPerMTok) +
    BigInt(o) * BigInt(price.outputPerMTok) +
    BigInt(w) * BigInt(price.cacheWritePerMTok) +
    BigInt(r) * BigInt(price.cacheReadPerMTok);
  // Round half up: (big + 500_000) / 1_000_000, in integers.
  return Number((big + 500_000n) / 1_000_000n);
}
