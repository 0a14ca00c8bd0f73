/**
 * What `npm run bench:gateway` sends and what Gatehouse must have metered for
 * it: the request bodies (the same prompt as JSON and as a stream), the usage
 * the fake upstream answers each with, and the gateway events recorded for the
 * bench key, read straight from the SQLite database once the server has
 * stopped (its shutdown writes what is buffered).
 */
import Database from "better-sqlite3";
import { fakeInputTokens } from "../../lib/gateway/testing/fake-upstream";
import type { Kind } from "./bench-gateway-client";
import type { UpstreamShape } from "./bench-gateway-sides";

export const BENCH_MODEL = "claude-sonnet-5";
const MAX_TOKENS = 1024;

// A prompt of a realistic size (about 1.4 KB of JSON): a system prompt and a short conversation.
const SYSTEM =
  "You are a support assistant for an online bookshop. Answer in a friendly, concise way. " +
  "If the customer asks about an order, ask for the order number unless it is given. Never promise refunds; " +
  "explain the returns policy instead: unread books can be returned within 30 days with the receipt.";
const MESSAGES = [
  { role: "user", content: "Hello! I ordered two books last week, order 40213, and only one of them arrived. The parcel looked fine." },
  { role: "assistant", content: "I'm sorry to hear that. Let me look at order 40213: it was sent in two parcels, and the second one is on its way." },
  { role: "user", content: "Oh, I did not know it was split. When should the second parcel arrive, and can I track it somewhere online? " + "Thanks a lot for your help. ".repeat(8) },
];

export function requestBody(kind: Kind): string {
  return JSON.stringify({ model: BENCH_MODEL, max_tokens: MAX_TOKENS, system: SYSTEM, messages: MESSAGES, ...(kind === "stream" ? { stream: true } : {}) });
}

/** The usage the fake upstream answers every bench request with (JSON and stream alike). */
export function expectedUsage(shape: UpstreamShape): { input: number; output: number } {
  return {
    input: fakeInputTokens({ system: SYSTEM, messages: MESSAGES }),
    output: Math.min(MAX_TOKENS, shape.deltas * shape.tokensPerDelta),
  };
}

export type Metered = {
  /** Gateway events per HTTP status. */
  statuses: Record<string, number>;
  events: number;
  inputTokens: number;
  outputTokens: number;
  /** 200 events with exactly the fake upstream's counts, and those with any other. */
  exact200: number;
  wrong200: number;
  /** Events of other kinds (the verify pipeline's own). */
  otherKinds: Record<string, number>;
  /** Requests in the rollups per granularity. */
  rollupRequests: Record<string, number>;
};

export function meteredUsage(dbFile: string, keyId: string, expected: { input: number; output: number }): Metered {
  const db = new Database(dbFile, { readonly: true, timeout: 5000 });
  try {
    const byStatus = db.prepare(`SELECT status, COUNT(*) AS n FROM UsageEvent WHERE keyId = ? AND kind = 'gateway' GROUP BY status`).all(keyId) as { status: number | null; n: number }[];
    const sums = db
      .prepare(
        `SELECT COUNT(*) AS events, COALESCE(SUM(inputTokens), 0) AS input, COALESCE(SUM(outputTokens), 0) AS output,
                COALESCE(SUM(CASE WHEN status = 200 AND inputTokens = ? AND outputTokens = ? THEN 1 ELSE 0 END), 0) AS exact,
                COALESCE(SUM(CASE WHEN status = 200 AND (inputTokens != ? OR outputTokens != ?) THEN 1 ELSE 0 END), 0) AS wrong
           FROM UsageEvent WHERE keyId = ? AND kind = 'gateway'`,
      )
      .get(expected.input, expected.output, expected.input, expected.output, keyId) as { events: number; input: number; output: number; exact: number; wrong: number };
    const kinds = db.prepare(`SELECT kind, COUNT(*) AS n FROM UsageEvent WHERE keyId = ? AND kind != 'gateway' GROUP BY kind`).all(keyId) as { kind: string; n: number }[];
    const rollups = db.prepare(`SELECT granularity, SUM(requests) AS n FROM UsageRollup WHERE keyId = ? GROUP BY granularity`).all(keyId) as { granularity: string; n: number }[];
    return {
      statuses: Object.fromEntries(byStatus.map((r) => [String(r.status), r.n])),
      events: sums.events,
      inputTokens: sums.input,
      outputTokens: sums.output,
      exact200: sums.exact,
      wrong200: sums.wrong,
      otherKinds: Object.fromEntries(kinds.map((r) => [r.kind, r.n])),
      rollupRequests: Object.fromEntries(rollups.map((r) => [r.granularity, r.n])),
    };
  } finally {
    db.close();
  }
}
