/**
 * CSV export of the team dashboard (RFC 4180: comma-separated, CRLF, fields
 * quoted when they hold a comma, quote or line break, quotes doubled).
 */
import { MICROS_PER_USD } from "../money";
import { bucketIndex } from "./buckets";
import type { TeamUsage } from "./query-team";
import { REFUSAL_COLUMNS, totalsOf, type RollupRow, type UsagePoint } from "./series";

export type CsvValue = string | number | null | undefined;

// Key names are chosen by team members; a name like "=HYPERLINK(…)" would run
// as a formula when a billing viewer opens the export in a spreadsheet, so text
// starting with a formula character is prefixed with an apostrophe (OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export const USAGE_CSV_HEADER = [
  "section",
  "period_start_utc",
  "period_end_utc",
  "environment",
  "key_id",
  "key_name",
  "model",
  "model_name",
  "verifications",
  "valid",
  "denied",
  "requests",
  "status_2xx",
  "status_4xx",
  "status_5xx",
  "error_rate",
  "input_tokens",
  "output_tokens",
  "cache_write_tokens",
  "cache_read_tokens",
  "cost_usd",
  "cost_micros",
  "fallback_priced_requests",
  ...REFUSAL_COLUMNS.map((c) => `denied_${c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)}`),
] as const;

const isoUtc = (t: number) => new Date(t).toISOString();
const rate = (r: number | null) => (r === null ? "" : Number(r.toFixed(6)));

/** Micro-dollars as exact decimal dollars with six places ("12.500000"): integer arithmetic, no float rounding. */
export function usdDecimal(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_USD)}.${String(abs % MICROS_PER_USD).padStart(6, "0")}`;
}

type Counts = Omit<UsagePoint, "t"> & { fallbackPriced: number };

function counts(c: Counts): CsvValue[] {
  const errorRate = c.requests > 0 ? (c.s4xx + c.s5xx) / c.requests : null;
  return [
    c.verifications, c.valid, c.denied, c.requests, c.s2xx, c.s4xx, c.s5xx, rate(errorRate),
    c.inputTokens, c.outputTokens, c.cacheWriteTokens, c.cacheReadTokens,
    usdDecimal(c.costMicros), c.costMicros, c.fallbackPriced,
    ...REFUSAL_COLUMNS.map((col) => c[col]),
  ];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One file, four kinds of rows told apart by `section`: `bucket` (one per
 * chart bucket × key × model that saw traffic), `key` (one per key over the
 * whole range, all models), `model` (one per model over the range, all keys)
 * and a final `total`. `rows` are the range's rollups (teamUsageWithRows).
 */
export function teamUsageCsv(usage: TeamUsage, rows: readonly RollupRow[], catalogue: ReadonlyMap<string, string>): string {
  const out: CsvValue[][] = [[...USAGE_CSV_HEADER]];
  const keys = new Map(usage.keys.map((k) => [k.id, k]));

  const cells = new Map<string, { t: number; keyId: string; model: string; rows: RollupRow[] }>();
  for (const row of rows) {
    const i = bucketIndex(usage, row.bucketStart);
    if (i < 0 || !keys.has(row.keyId)) continue;
    const id = `${i}\u0000${row.keyId}\u0000${row.model}`;
    const cell = cells.get(id);
    if (cell) cell.rows.push(row);
    else cells.set(id, { t: usage.starts[i], keyId: row.keyId, model: row.model, rows: [row] });
  }
  const ordered = [...cells.values()].sort(
    (a, b) => a.t - b.t || compare(keys.get(a.keyId)!.name, keys.get(b.keyId)!.name) || compare(a.keyId, b.keyId) || compare(a.model, b.model),
  );
  for (const cell of ordered) {
    const key = keys.get(cell.keyId)!;
    out.push([
      "bucket", isoUtc(cell.t), isoUtc(cell.t + usage.bucketMs), key.environment, key.id, key.name,
      cell.model, catalogue.get(cell.model) ?? "", ...counts(totalsOf(cell.rows)),
    ]);
  }

  const perKey = new Map<string, RollupRow[]>();
  const perModel = new Map<string, RollupRow[]>();
  for (const row of rows) {
    if (bucketIndex(usage, row.bucketStart) < 0) continue;
    const byKey = perKey.get(row.keyId);
    if (byKey) byKey.push(row);
    else perKey.set(row.keyId, [row]);
    const byModel = perModel.get(row.model);
    if (byModel) byModel.push(row);
    else perModel.set(row.model, [row]);
  }
  for (const k of usage.keys) {
    out.push(["key", isoUtc(usage.from), isoUtc(usage.to), k.environment, k.id, k.name, "", "", ...counts(totalsOf(perKey.get(k.id) ?? []))]);
  }
  for (const model of [...perModel.keys()].sort(compare)) {
    out.push(["model", isoUtc(usage.from), isoUtc(usage.to), "all", "", "", model, catalogue.get(model) ?? "", ...counts(totalsOf(perModel.get(model)!))]);
  }
  out.push(["total", isoUtc(usage.from), isoUtc(usage.to), "all", "", "", "", "", ...counts(usage.totals)]);
  return toCsv(out);
}

export function usageCsvFilename(teamSlug: string, range: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "-");
  return `gatehouse-${safe(teamSlug)}-usage-${safe(range)}.csv`;
}
