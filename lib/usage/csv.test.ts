import { describe, expect, it } from "vitest";
import { bucketsFor, windowInfo } from "./buckets";
import { csvField, teamUsageCsv, toCsv, usageCsvFilename } from "./csv";
import type { TeamUsage } from "./query-team";
import { emptyPoint, totalsOf } from "./series";

/** A minimal RFC 4180 reader, to prove the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += c;
  }
  return rows;
}

describe("csvField", () => {
  it("leaves plain values alone", () => {
    expect(csvField("prod-backend")).toBe("prod-backend");
    expect(csvField(42)).toBe("42");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField(" padded ")).toBe('" padded "');
  });

  it("defuses spreadsheet formulas in text", () => {
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe("-5");
  });

  it("round-trips through a CSV reader", () => {
    const rows = [["name", "note"], ['Acme, "prod"', "two\r\nlines"], ["", "x"]];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});

describe("teamUsageCsv", () => {
  const NOW = Date.UTC(2026, 10, 22, 14, 37);
  const window = bucketsFor("24h", NOW);
  const series = (n: number) => window.starts.map((t) => ({ ...emptyPoint(t), requests: n, s2xx: n }));
  const key = {
    id: "key1", name: "Backend, prod", environment: "production" as const, status: "active" as const,
    prefix: "gk_live_abcd", last4: "wxyz", lastUsedAt: null,
    requests: 48, verifications: 50, valid: 49, denied: 1, s2xx: 46, s4xx: 1, s5xx: 1, errors: 2, errorRate: 2 / 48,
    inputTokens: 1000, outputTokens: 500,
  };
  const usage: TeamUsage = {
    ...windowInfo(window, NOW),
    team: { id: "t", slug: "acme", name: "Acme" },
    totals: { ...totalsOf([]), requests: 72, s2xx: 72, errorRate: 0 },
    previous: totalsOf([]),
    trends: { requests: null, verifications: 0, tokens: 0, errorRatePoints: null },
    byEnvironment: { development: series(1), production: series(2) },
    keys: [key],
    topKeys: [key],
  };

  it("has a row per bucket per environment, a row per key and a total", () => {
    const rows = parseCsv(teamUsageCsv(usage));
    const header = rows[0];
    expect(header[0]).toBe("section");
    const col = (name: string) => header.indexOf(name);
    const buckets = rows.filter((r) => r[0] === "bucket");
    expect(buckets).toHaveLength(48);
    expect(buckets[0][col("period_start_utc")]).toBe(new Date(window.from).toISOString());
    expect(buckets.filter((r) => r[col("environment")] === "production").every((r) => r[col("requests")] === "2")).toBe(true);
    const keyRow = rows.find((r) => r[0] === "key")!;
    expect(keyRow[col("key_name")]).toBe("Backend, prod");
    expect(keyRow[col("status_5xx")]).toBe("1");
    expect(Number(keyRow[col("error_rate")])).toBeCloseTo(2 / 48, 5);
    expect(rows.at(-1)![0]).toBe("total");
    expect(rows.at(-1)![col("requests")]).toBe("72");
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it("names the file after the team and range", () => {
    expect(usageCsvFilename("acme-robotics", "30d")).toBe("gatehouse-acme-robotics-usage-30d.csv");
    expect(usageCsvFilename('we"ird/slug', "7d")).toBe("gatehouse-we-ird-slug-usage-7d.csv");
  });
});
