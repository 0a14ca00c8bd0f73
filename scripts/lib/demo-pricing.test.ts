import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { costMicros } from "../../lib/pricing/cost";
import type { UsageEventInput } from "../../lib/usage/ingest";
import { loadDemoPricer } from "./demo-pricing";

const event = (model: string, ts = Date.UTC(2026, 10, 20)): UsageEventInput => ({
  keyId: "k", teamId: "t", ts, kind: "report", status: 200, model, inputTokens: 1_000, outputTokens: 500, cacheWriteTokens: 200, cacheReadTokens: 3_000,
});

describe("loadDemoPricer", () => {
  it("prices from the catalogue price in effect at the event's time, and unknown models by the fallback", async () => {
    const later = Date.UTC(2026, 10, 25);
    await db.modelPrice.create({ data: { modelId: "claude-haiku-4-5", effectiveFrom: BigInt(later), inputPerMTok: 2_000_000, outputPerMTok: 10_000_000, cacheWritePerMTok: 2_500_000, cacheReadPerMTok: 200_000 } });
    const price = await loadDemoPricer(db);
    const events = [event("claude-sonnet-5"), event("claude-haiku-4-5"), event("claude-haiku-4-5", later), event("legacy-model"), { ...event("x"), kind: "verify" as const }];
    price(events);
    // Sonnet 5 list prices: $3 / $15 / $3.75 / $0.30 per million tokens.
    expect(events[0]).toMatchObject({ costMicros: 3_000 + 7_500 + 750 + 900, fallbackPriced: false });
    expect(events[1]).toMatchObject({ costMicros: 1_000 + 2_500 + 250 + 300, fallbackPriced: false });
    expect(events[2]).toMatchObject({ costMicros: 2 * (1_000 + 2_500 + 250 + 300), fallbackPriced: false });
    const settings = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    const fallback = { inputPerMTok: settings.fallbackInputPerMTok, outputPerMTok: settings.fallbackOutputPerMTok, cacheWritePerMTok: settings.fallbackCacheWritePerMTok, cacheReadPerMTok: settings.fallbackCacheReadPerMTok };
    expect(events[3]).toMatchObject({ costMicros: costMicros(events[3], fallback), fallbackPriced: true });
    expect(events[3].costMicros).toBeGreaterThan(events[0].costMicros!);
    expect(events[4].costMicros).toBeUndefined();
  });
});
