import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startApiServer, type TestApi } from "../../api/test-helpers";
import { db } from "../../db";
import { responseValidator } from "../../openapi/testing/response-validator";
import { makeTeam } from "../../testing/factories";
import { createAdminKey, startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

const PATH = "/v1/organizations/cost_report";
const H = 3_600_000;
const DAY = 24 * H;
// Two days ago (UTC), so every event is within the usage API's 30 days.
const D = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const iso = (t: number) => new Date(t).toISOString();
let admin: TestAdminApi;
let api: TestApi;
let secret: string;
let keyA: string;
let keyB: string;
const validate = responseValidator();

// Micro-dollars per million tokens: input, output, cache write, cache read.
const PRICES = {
  "cost-sonnet": { displayName: "Cost Sonnet", price: [3_000_000, 15_000_000, 3_750_000, 300_000] },
  "cost-haiku": { displayName: "Cost Haiku", price: [1_000_000, 5_000_000, 1_250_000, 100_000] },
};

beforeAll(async () => {
  for (const [id, { displayName, price }] of Object.entries(PRICES)) {
    const [inputPerMTok, outputPerMTok, cacheWritePerMTok, cacheReadPerMTok] = price;
    await db.model.create({ data: { id, displayName, prices: { create: { effectiveFrom: BigInt(D - 30 * DAY), inputPerMTok, outputPerMTok, cacheWritePerMTok, cacheReadPerMTok } } } });
  }
  // Started after the catalogue exists, so the usage API prices with it.
  api = await startApiServer();
  admin = await startAdminApiServer();
  const { team, members } = await makeTeam(["owner"]);
  secret = (await createAdminKey(team.id, members.owner.user.id, "read-only")).secret;
  keyA = (await createTestKey(team.id, { name: "A" })).key.id;
  keyB = (await createTestKey(team.id, { name: "B" })).key.id;
  const event = (keyId: string, ts: number, model: string, tokens: Record<string, number>) => ({ keyId, status: 200, latencyMs: 20, model, timestamp: iso(ts), ...tokens });
  const res = await api.post("/api/v1/usage", {
    events: [
      // 1000×3 + 500×15 + 2000×3.75 + 10000×0.3 = 21000 micro-dollars.
      event(keyA, D + H, "cost-sonnet", { inputTokens: 1000, outputTokens: 500, cacheWriteTokens: 2000, cacheReadTokens: 10_000 }),
      // 123457×1 + 7×5 = 123492.
      event(keyA, D + 23 * H, "cost-haiku", { inputTokens: 123_457, outputTokens: 7 }),
      // 1e6×3 + 1e6×15 = 18,000,000: $18, on the last millisecond of the day.
      event(keyB, D + DAY - 1, "cost-sonnet", { inputTokens: 1_000_000, outputTokens: 1_000_000 }),
      // The next day, on its first instant: 10×3 = 30.
      event(keyB, D + DAY, "cost-sonnet", { inputTokens: 10 }),
    ],
  });
  expect(res.status).toBe(202);
  await api.flush();
});
afterAll(async () => {
  await admin.close();
  await api.close();
});

async function report(query: string) {
  const res = await admin.request(`${PATH}?${query}`, { key: secret });
  expect(validate("GET", PATH, res.status, res.json)).toBeNull();
  return res;
}

const line = (amount: string, extra: { model?: string | null; api_key_id?: string | null; description?: string | null } = {}) => ({
  currency: "USD",
  amount,
  cost_type: "tokens",
  model: extra.model ?? null,
  api_key_id: extra.api_key_id ?? null,
  description: extra.description ?? null,
});

describe("GET /v1/organizations/cost_report", () => {
  it("totals each day's cost at the catalogue's prices, in dollars with six decimals", async () => {
    const res = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 3 * DAY)}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: [
        { starting_at: iso(D), ending_at: iso(D + DAY), results: [line("18.144492")] },
        { starting_at: iso(D + DAY), ending_at: iso(D + 2 * DAY), results: [line("0.000030")] },
        { starting_at: iso(D + 2 * DAY), ending_at: iso(D + 3 * DAY), results: [] },
      ],
      has_more: false,
      next_page: null,
    });
  });

  it("groups by model and description, and by key", async () => {
    const day = `starting_at=${iso(D)}&ending_at=${iso(D + DAY)}`;
    expect((await report(`${day}&group_by[]=model&group_by[]=description`)).json.data[0].results).toEqual([
      line("0.123492", { model: "cost-haiku", description: "Cost Haiku usage" }),
      line("18.021000", { model: "cost-sonnet", description: "Cost Sonnet usage" }),
    ]);
    expect((await report(`${day}&group_by=description`)).json.data[0].results).toEqual([
      line("0.123492", { description: "Cost Haiku usage" }),
      line("18.021000", { description: "Cost Sonnet usage" }),
    ]);
    const byKey = (await report(`${day}&group_by=api_key_id`)).json.data[0].results;
    expect(byKey).toEqual(
      [line("0.144492", { api_key_id: keyA }), line("18.000000", { api_key_id: keyB })].sort((a, b) => a.api_key_id!.localeCompare(b.api_key_id!)),
    );
  });

  it("pages by day and refuses other widths, too many days and an end before the start", async () => {
    const first = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 2 * DAY)}&limit=1`);
    expect(first.json).toMatchObject({ has_more: true, data: [{ starting_at: iso(D) }] });
    const second = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 2 * DAY)}&limit=1&page=${first.json.next_page}`);
    expect(second.json).toMatchObject({ has_more: false, next_page: null, data: [{ starting_at: iso(D + DAY), results: [line("0.000030")] }] });
    for (const query of [`starting_at=${iso(D)}&bucket_width=1h`, `starting_at=${iso(D)}&limit=32`, `starting_at=${iso(D)}&ending_at=${iso(D - DAY)}`, `starting_at=${iso(D)}&group_by=model&group_by=team`]) {
      const res = await report(query);
      expect(res.status, query).toBe(400);
      expect(res.json.error.type).toBe("invalid_request_error");
    }
  });
});
