/**
 * The fake Anthropic Messages API (lib/gateway/testing/fake-upstream.ts) as a
 * process of its own, for end-to-end tests and the gateway benchmark:
 *   PORT=4010 npx tsx scripts/fake-anthropic.ts
 * Optional: FAKE_ANTHROPIC_API_KEY (the x-api-key it insists on; any when unset),
 * FAKE_DELTAS, FAKE_TOKENS_PER_DELTA, FAKE_EVENT_DELAY_MS, FAKE_HEADER_DELAY_MS,
 * FAKE_CACHE_WRITE_TOKENS, FAKE_CACHE_READ_TOKENS, HOST (default 127.0.0.1).
 * Prints `ready on http://HOST:PORT` once it listens; nothing is recorded.
 */
import { startFakeUpstream } from "../lib/gateway/testing/fake-upstream";

function count(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) {
    console.error(`[fake-anthropic] ${name} must be a whole number, not "${value}"`);
    process.exit(1);
  }
  return Number(value);
}

const options = {
  port: count("PORT") ?? 0,
  host: process.env.HOST || "127.0.0.1",
  apiKey: process.env.FAKE_ANTHROPIC_API_KEY || undefined,
  record: false,
  deltas: count("FAKE_DELTAS"),
  tokensPerDelta: count("FAKE_TOKENS_PER_DELTA"),
  eventDelayMs: count("FAKE_EVENT_DELAY_MS"),
  headerDelayMs: count("FAKE_HEADER_DELAY_MS"),
  cacheWriteTokens: count("FAKE_CACHE_WRITE_TOKENS"),
  cacheReadTokens: count("FAKE_CACHE_READ_TOKENS"),
};
const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
const fake = await startFakeUpstream(defined);
console.log(`ready on ${fake.url}`);

const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
