import { formatUsd, microsToUsdText } from "@/lib/money";

/** "$3.00", "$0.30": a price per million tokens as the tables show it. */
export function priceLabel(micros: number): string {
  return formatUsd(micros, { precise: micros % 10_000 !== 0 });
}

/** "1,000" or "Unlimited". */
export function limitLabel(value: number | null): string {
  return value === null ? "Unlimited" : value.toLocaleString("en-US");
}

export function capLabel(micros: number | null): string {
  return micros === null ? "Unlimited" : formatUsd(micros);
}

/** The text a form field starts with: the stored value, or empty for none. */
export function usdField(micros: number | null): string {
  return micros === null ? "" : microsToUsdText(micros);
}
