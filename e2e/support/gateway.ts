import Anthropic from "@anthropic-ai/sdk";
import { expect } from "@playwright/test";
import { E2E_PORT } from "../../playwright.config";
import type { Price } from "../../lib/pricing/cost";
import { openTestDb } from "./db";

/** The gateway's base URL: the console's own (NEXTAUTH_URL in playwright.config.ts), as its "Call the gateway" card says. */
export const GATEWAY_BASE_URL = `http://localhost:${E2E_PORT}`;

/** The official SDK, unmodified, pointed at Gatehouse with a partner's key; no retries, so each call is one request. */
export function gatewayClient(apiKey: string): Anthropic {
  return new Anthropic({ baseURL: GATEWAY_BASE_URL, apiKey, maxRetries: 0 });
}

/** The catalogue's price of `modelId` in effect now, as the gateway prices a request. */
export function currentPrice(modelId: string): Price {
  const db = openTestDb();
  try {
    const row = db
      .prepare(
        "SELECT inputPerMTok, outputPerMTok, cacheWritePerMTok, cacheReadPerMTok FROM ModelPrice WHERE modelId = ? AND effectiveFrom <= ? ORDER BY effectiveFrom DESC LIMIT 1",
      )
      .get(modelId, Date.now()) as Price | undefined;
    if (!row) throw new Error(`no price for ${modelId}`);
    return row;
  } finally {
    db.close();
  }
}

export type GatewayEvent = {
  status: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costMicros: number;
  fallbackPriced: number;
};

/** The usage events the gateway recorded for a key, oldest first. */
export function gatewayEvents(keyId: string): GatewayEvent[] {
  const db = openTestDb();
  try {
    const rows = db
      .prepare(
        "SELECT status, model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, costMicros, fallbackPriced FROM UsageEvent WHERE keyId = ? AND kind = 'gateway' ORDER BY id",
      )
      .all(keyId) as Array<GatewayEvent & { costMicros: number | bigint }>;
    return rows.map((r) => ({ ...r, costMicros: Number(r.costMicros) }));
  } finally {
    db.close();
  }
}

/** Waits until the usage buffer has written `count` gateway events of the key (it flushes every 250 ms). */
export async function waitForGatewayEvents(keyId: string, count: number): Promise<GatewayEvent[]> {
  await expect.poll(() => gatewayEvents(keyId).length, { message: `${count} gateway event(s) of ${keyId}`, timeout: 15_000 }).toBe(count);
  return gatewayEvents(keyId);
}
