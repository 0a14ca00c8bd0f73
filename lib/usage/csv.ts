/**
 * CSV export of the team dashboard (RFC 4180: comma-separated, CRLF, fields
 * quoted when they hold a comma, quote or line break, quotes doubled).
 */
import { ENVIRONMENTS } from "../keys/constants";
import type { TeamUsage } from "./query-team";

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
] as const;

const isoUtc = (t: number) => new Date(t).toISOString();
const rate = (r: number | null) => (r === null ? "" : Number(r.toFixed(6)));

/**
 * One file, three kinds of rows told apart by `section`: `bucket` (one per
 * chart bucket per environment), `key` (one per key over the whole range) and
 * a final `total`.
 */
export function teamUsageCsv(usage: TeamUsage): string {
  const rows: CsvValue[][] = [[...USAGE_CSV_HEADER]];
  for (let i = 0; i < usage.starts.length; i++) {
    for (const env of ENVIRONMENTS) {
      const p = usage.byEnvironment[env][i];
      const errorRate = p.requests > 0 ? (p.s4xx + p.s5xx) / p.requests : null;
      rows.push([
        "bucket", isoUtc(p.t), isoUtc(p.t + usage.bucketMs), env, "", "",
        p.verifications, p.valid, p.denied, p.requests, p.s2xx, p.s4xx, p.s5xx, rate(errorRate),
        p.inputTokens, p.outputTokens,
      ]);
    }
  }
  for (const k of usage.keys) {
    rows.push([
      "key", isoUtc(usage.from), isoUtc(usage.to), k.environment, k.id, k.name,
      k.verifications, k.valid, k.denied, k.requests, k.s2xx, k.s4xx, k.s5xx, rate(k.errorRate),
      k.inputTokens, k.outputTokens,
    ]);
  }
  const t = usage.totals;
  rows.push([
    "total", isoUtc(usage.from), isoUtc(usage.to), "all", "", "",
    t.verifications, t.valid, t.denied, t.requests, t.s2xx, t.s4xx, t.s5xx, rate(t.errorRate),
    t.inputTokens, t.outputTokens,
  ]);
  return toCsv(rows);
}

export function usageCsvFilename(teamSlug: string, range: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "-");
  return `gatehouse-${safe(teamSlug)}-usage-${safe(range)}.csv`;
}
