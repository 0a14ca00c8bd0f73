/**
 * Prices the demo's reported events the way the usage API does: the
 * catalogue's price in effect at each event's time (Model/ModelPrice, seeded
 * by the migration and editable by the operator), or the operator's fallback
 * price for a model the catalogue does not know.
 */
import type { Db } from "../../lib/db";
import { costMicros, type Price } from "../../lib/pricing/cost";
import { pickPrice, type PriceVersion } from "../../lib/pricing/pick-price";
import type { UsageEventInput } from "../../lib/usage/ingest";

export type DemoPricer = (events: UsageEventInput[]) => void;

export async function loadDemoPricer(db: Db): Promise<DemoPricer> {
  const models = await db.model.findMany({ include: { prices: { orderBy: { effectiveFrom: "asc" } } } });
  const versions = new Map<string, PriceVersion[]>(
    models.map((m) => [m.id, m.prices.map((p) => ({ ...p, effectiveFrom: Number(p.effectiveFrom) }))]),
  );
  const settings = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
  const fallback: Price = {
    inputPerMTok: settings.fallbackInputPerMTok,
    outputPerMTok: settings.fallbackOutputPerMTok,
    cacheWritePerMTok: settings.fallbackCacheWritePerMTok,
    cacheReadPerMTok: settings.fallbackCacheReadPerMTok,
  };
  return (events) => {
    for (const e of events) {
      if (e.kind !== "report") continue;
      const price = e.model ? pickPrice(versions.get(e.model) ?? [], e.ts) : undefined;
      e.costMicros = costMicros(e, price ?? fallback);
      e.fallbackPriced = price === undefined;
    }
  };
}
