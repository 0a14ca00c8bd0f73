import { describe, expect, it } from "vitest";
import { bucketsFor, windowInfo } from "./buckets";
import { csvField, teamUsageCsv, toCsv, usageCsvFilename, usdDecimal } from "./csv";
import type { TeamUsage } from "./query-team";
import { rollupRow, totalsOf } from "./series";

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

describe("usdDecimal", () => {
  it("writes micro-dollars as exact six-place dollars", () => {
    expect(usdDecimal(0)).toBe("0.000000");
    expect(usdDecimal(1)).toBe("0.000001");
    expect(usdDecimal(12_500_000)).toBe("12.500000");
    // 0.1 + 0.2 dollars, the classic float trap, stays exact in micro-dollars.
    expect(usdDecimal(100_000 + 200_000)).toBe("0.300000");
    expect(usdDecimal(9_007_199_254_740_991)).toBe("9007199254.740991");
  });
});

describe("teamUsageCsv", () => {
  const NOW = Date.UTC(2026, 10, 22, 14, 37);
  const window = bucketsFor("24h", NOW);
  const key = (id: string, name: string, environment: "production" | "development") => ({
    id, name, environment, status: "active" as const, prefix: "gk_live_abcd", last4: "wxyz", lastUsedAt: null,
    requests: 0, verifications: 0, valid: 0, denied: 0, s2xx: 0, s4xx: 0, s5xx: 0, errors: 0, errorRate: null,
    inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costMicros: 0, monthSpentMicros: 0, budgetMicros: null,
  });
  const prod = key("key1", "Backend, prod", "production");
  const dev = key("key2", "=cmd()", "development");
  const at = window.starts[20];
  const rows = [
    rollupRow({ keyId: "key1", bucketStart: at, model: "claude-sonnet-5", requests: 3, status2xx: 2, status5xx: 1, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 40, costMicros: 10_500_001 }),
    rollupRow({ keyId: "key1", bucketStart: at, model: "my-model", requests: 1, status2xx: 1, costMicros: 7, fallbackPriced: 1 }),
    rollupRow({ keyId: "key1", bucketStart: at, model: "", verifications: 5, valid: 3, budgetExceeded: 1, modelNotAllowed: 1 }),
    rollupRow({ keyId: "key2", bucketStart: window.starts[2], model: "claude-sonnet-5", requests: 2, status4xx: 2, costMicros: 2 }),
    // The previous period: not in the file.
    rollupRow({ keyId: "key1", bucketStart: window.from - 3_600_000, model: "claude-sonnet-5", requests: 99 }),
  ];
  const totals = totalsOf(rows.slice(0, 4));
  const usage: TeamUsage = {
    ...windowInfo(window, NOW),
    team: { id: "t", slug: "acme", name: "Acme" },
    totals,
    previous: totalsOf([]),
    trends: { requests: null, verifications: 0, tokens: 0, errorRatePoints: null },
    byEnvironment: { development: [], production: [] },
    keys: [prod, dev],
    topKeys: [],
    spend: {
      month: { period: "2026-11", label: "November 2026", startsAt: 0, resetsAt: 0, spentMicros: 0, budgetMicros: null, spendCapMicros: null },
      previousCostMicros: 0,
      trend: null,
      byModel: [],
      byEnvironment: { development: { costMicros: 0, requests: 0 }, production: { costMicros: 0, requests: 0 } },
    },
  };
  const catalogue = new Map([["claude-sonnet-5", "Claude Sonnet 5"]]);

  it("has a row per bucket × key × model with traffic, a row per key, per model and a total", () => {
    const parsed = parseCsv(teamUsageCsv(usage, rows, catalogue));
    const header = parsed[0];
    expect(header[0]).toBe("section");
    expect(header).toEqual(expect.arrayContaining(["model", "model_name", "cost_usd", "cost_micros", "cache_read_tokens", "fallback_priced_requests", "denied_budget_exceeded", "denied_ip_not_allowed"]));
    const col = (name: string) => header.indexOf(name);
    expect(parsed.every((r) => r.length === header.length)).toBe(true);

    const buckets = parsed.filter((r) => r[0] === "bucket");
    expect(buckets.map((r) => [r[col("period_start_utc")], r[col("key_id")], r[col("model")]])).toEqual([
      [new Date(window.starts[2]).toISOString(), "key2", "claude-sonnet-5"],
      [new Date(at).toISOString(), "key1", ""],
      [new Date(at).toISOString(), "key1", "claude-sonnet-5"],
      [new Date(at).toISOString(), "key1", "my-model"],
    ]);
    const sonnet = buckets[2];
    expect(sonnet[col("model_name")]).toBe("Claude Sonnet 5");
    expect(sonnet[col("environment")]).toBe("production");
    expect(sonnet[col("cost_usd")]).toBe("10.500001");
    expect(sonnet[col("cost_micros")]).toBe("10500001");
    expect(sonnet[col("cache_read_tokens")]).toBe("40");
    expect(Number(sonnet[col("error_rate")])).toBeCloseTo(1 / 3, 5);
    expect(buckets[3][col("model_name")]).toBe("");
    expect(buckets[3][col("fallback_priced_requests")]).toBe("1");
    expect(buckets[1][col("denied")]).toBe("2");
    expect(buckets[1][col("denied_budget_exceeded")]).toBe("1");
    expect(buckets[0][col("key_name")]).toBe("'=cmd()");

    const keyRows = parsed.filter((r) => r[0] === "key");
    expect(keyRows.map((r) => [r[col("key_name")], r[col("requests")], r[col("cost_micros")]])).toEqual([
      ["Backend, prod", "4", "10500008"],
      ["'=cmd()", "2", "2"],
    ]);
    const modelRows = parsed.filter((r) => r[0] === "model");
    expect(modelRows.map((r) => [r[col("model")], r[col("requests")], r[col("cost_usd")]])).toEqual([
      ["", "0", "0.000000"],
      ["claude-sonnet-5", "5", "10.500003"],
      ["my-model", "1", "0.000007"],
    ]);
    const total = parsed.at(-1)!;
    expect(total[0]).toBe("total");
    expect(total[col("requests")]).toBe("6");
    expect(total[col("cost_usd")]).toBe("10.500010");
    expect(total[col("denied_model_not_allowed")]).toBe("1");
  });

  it("names the file after the team and range", () => {
    expect(usageCsvFilename("acme-robotics", "30d")).toBe("gatehouse-acme-robotics-usage-30d.csv");
    expect(usageCsvFilename('we"ird/slug', "7d")).toBe("gatehouse-we-ird-slug-usage-7d.csv");
  });
});
