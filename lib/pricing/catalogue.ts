/**
 * The model catalogue as the hot path sees it: which models exist and are
 * enabled, and what a request cost. Pure and immutable; ./catalogue-cache.ts
 * loads one from the database and swaps it when the operator changes prices.
 */
import { costMicros, type Price, type TokenCounts } from "./cost";
import { pickPrice, type PriceVersion } from "./pick-price";

export type CatalogueModel = {
  id: string;
  displayName: string;
  enabled: boolean;
  prices: readonly PriceVersion[];
  /** The operator's order for lists (lower first); epoch ms the model was added. */
  sortOrder?: number;
  createdAt?: number;
};

export type Priced = { costMicros: number; fallbackPriced: boolean };

export class Catalogue {
  private readonly models: ReadonlyMap<string, CatalogueModel>;

  constructor(models: readonly CatalogueModel[], readonly fallback: Price) {
    this.models = new Map(models.map((m) => [m.id, { ...m, prices: [...m.prices].sort((a, b) => a.effectiveFrom - b.effectiveFrom) }]));
  }

  get(id: string): CatalogueModel | undefined {
    return this.models.get(id);
  }

  /** Every model, in the operator's order (then by id). */
  list(): CatalogueModel[] {
    return [...this.models.values()].sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** In the catalogue and not turned off by the operator. */
  isEnabled(id: string): boolean {
    return this.models.get(id)?.enabled === true;
  }

  /** Known to the catalogue but turned off: nobody may use it, whatever a key allows. */
  isDisabled(id: string): boolean {
    return this.models.get(id)?.enabled === false;
  }

  /**
   * The cost of a request with `tokens` on `model` at `ts`. A model not in the
   * catalogue (or none named, or one with no price yet at `ts`) is priced at
   * the operator's fallback and flagged, so the dashboards can say so.
   */
  price(model: string | null | undefined, ts: number, tokens: TokenCounts): Priced {
    const version = model ? pickPrice(this.models.get(model)?.prices ?? [], ts) : undefined;
    return version
      ? { costMicros: costMicros(tokens, version), fallbackPriced: false }
      : { costMicros: costMicros(tokens, this.fallback), fallbackPriced: true };
  }

  /** The price per million input tokens now (for estimates), the fallback's when unknown. */
  inputPriceNow(model: string | null | undefined, now: number): number {
    const version = model ? pickPrice(this.models.get(model)?.prices ?? [], now) : undefined;
    return (version ?? this.fallback).inputPerMTok;
  }
}

export const EMPTY_CATALOGUE = new Catalogue([], { inputPerMTok: 0, outputPerMTok: 0, cacheWritePerMTok: 0, cacheReadPerMTok: 0 });
