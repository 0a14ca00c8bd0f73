import { microsToUsdText } from "../money";
import type { Price } from "../pricing/cost";
import { PRICE_FIELDS } from "./schemas";

/** A price as the audit log and the pages show it: USD text per million tokens. */
export function priceText(price: Price): Record<keyof Price, string> {
  return {
    inputPerMTok: microsToUsdText(price.inputPerMTok),
    outputPerMTok: microsToUsdText(price.outputPerMTok),
    cacheWritePerMTok: microsToUsdText(price.cacheWritePerMTok),
    cacheReadPerMTok: microsToUsdText(price.cacheReadPerMTok),
  };
}

export function samePrice(a: Price, b: Price): boolean {
  return PRICE_FIELDS.every((field) => a[field] === b[field]);
}

export function priceOf(row: Price): Price {
  return {
    inputPerMTok: row.inputPerMTok,
    outputPerMTok: row.outputPerMTok,
    cacheWritePerMTok: row.cacheWritePerMTok,
    cacheReadPerMTok: row.cacheReadPerMTok,
  };
}
