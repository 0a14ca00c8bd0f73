/**
 * Money is integer micro-dollars (1 USD = 1,000,000) everywhere it is stored
 * or summed, never a float. Amounts stay below 2^53 micro-dollars (about
 * 9 billion USD), so JavaScript numbers hold them exactly. Pure.
 */
export const MICROS_PER_USD = 1_000_000;

/** The largest amount a budget, cap or price may be set to: 10 million USD. */
export const MAX_MONEY_MICROS = 10_000_000 * MICROS_PER_USD;

/**
 * "12.5" or "$1,200.00" → micro-dollars; null when the text is not an amount
 * of at most 6 decimal places (no exponent, no negative).
 */
export function parseUsd(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "");
  const match = /^(\d{1,10})(?:\.(\d{0,6}))?$/.exec(cleaned);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(6, "0") || "0");
  return whole * MICROS_PER_USD + fraction;
}

/**
 * "$1,234.56". Cents by default; amounts below a cent show up to 4 decimals
 * ("$0.0042") so small spend does not read as zero.
 */
export function formatUsd(micros: number, options: { precise?: boolean } = {}): string {
  const usd = micros / MICROS_PER_USD;
  const small = micros !== 0 && Math.abs(micros) < 10_000;
  const digits = options.precise || small ? 4 : 2;
  return usd.toLocaleString("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: digits });
}

/** Plain decimal text for a form field or CSV: "12.5", "0.000042". */
export function microsToUsdText(micros: number): string {
  const whole = Math.trunc(micros / MICROS_PER_USD);
  const fraction = String(Math.abs(micros % MICROS_PER_USD)).padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Reads a Prisma BigInt (or null) column as a number of micro-dollars. */
export function microsOf(value: bigint | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
