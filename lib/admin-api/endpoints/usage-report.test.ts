import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../../api/test-helpers";
import { responseValidator } from "../../openapi/testing/response-validator";
import { makeTeam } from "../../testing/factories";
import { writeUsageBatch, type UsageEventInput } from "../../usage/ingest";
import { createAdminKey, startAdminApiServer, type TestAdminApi } from "../testing/start-admin-api";

const PATH = "/v1/organizations/usage_report/messages";
const D = Date.UTC(2026, 10, 20);
const H = 3_600_000;
const M = 60_000;
const iso = (t: number) => new Date(t).toISOString();
let admin: TestAdminApi;
const validate = responseValidator();

let keyA: string;
let keyB: string;
let otherTeamKey: string;
let readOnly: string;

type Tokens = { inputTokens?: number; outputTokens?: number; cacheWriteTokens?: number; cacheReadTokens?: number };
const request = (keyId: string, teamId: string, ts: number, model: string | null, tokens: Tokens): UsageEventInput => ({
  keyId, teamId, ts, kind: "gateway", status: 200, latencyMs: 50, model, ...tokens,
});

beforeAll(async () => {
  admin = await startAdminApiServer();
  const { team, members } = await makeTeam(["owner"]);
  readOnly = (await createAdminKey(team.id, members.owner.user.id, "read-only")).secret;
  keyA = (await createTestKey(team.id, { name: "A" })).key.id;
  keyB = (await createTestKey(team.id, { name: "B" })).key.id;
  const other = await makeTeam(["owner"]);
  otherTeamKey = (await createTestKey(other.team.id)).key.id;
  const t = team.id;
  await writeUsageBatch([
    // Exactly on the 10:00 boundary: in the 10:00 minute, hour and the day, never in 09:59.
    request(keyA, t, D + 10 * H, "claude-sonnet-5", { inputTokens: 100, outputTokens: 10, cacheWriteTokens: 5, cacheReadTokens: 7 }),
    request(keyA, t, D + 10 * H - 1, "claude-sonnet-5", { inputTokens: 1, outputTokens: 1 }),
    request(keyA, t, D + 10 * H + 30 * M, "claude-haiku-4-5", { inputTokens: 200, outputTokens: 20 }),
    request(keyB, t, D + 10 * H + 5 * M, "claude-sonnet-5", { inputTokens: 1000, outputTokens: 100 }),
    request(keyB, t, D + 25 * H, null, { inputTokens: 3 }),
    // Verifications only: no requests or tokens to report.
    { keyId: keyA, teamId: t, ts: D + 11 * H, kind: "verify", outcome: "VALID" },
    request(otherTeamKey, other.team.id, D + 10 * H, "claude-sonnet-5", { inputTokens: 99_999 }),
  ]);
});
afterAll(() => admin.close());

async function report(query: string) {
  const res = await admin.request(`${PATH}?${query}`, { key: readOnly });
  expect(validate("GET", PATH, res.status, res.json)).toBeNull();
  return res;
}

const usage = (input: number, output: number, requests: number, extra: { cacheWrite?: number; cacheRead?: number; api_key_id?: string | null; model?: string | null } = {}) => ({
  uncached_input_tokens: input,
  cache_creation: { ephemeral_5m_input_tokens: extra.cacheWrite ?? 0, ephemeral_1h_input_tokens: 0 },
  cache_read_input_tokens: extra.cacheRead ?? 0,
  output_tokens: output,
  requests,
  api_key_id: extra.api_key_id ?? null,
  model: extra.model ?? null,
});

describe("GET /v1/organizations/usage_report/messages", () => {
  it("sums the team's usage per day (the default width), with every bucket present", async () => {
    const res = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 72 * H)}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: [
        { starting_at: iso(D), ending_at: iso(D + 24 * H), results: [usage(1301, 131, 4, { cacheWrite: 5, cacheRead: 7 })] },
        { starting_at: iso(D + 24 * H), ending_at: iso(D + 48 * H), results: [usage(3, 0, 1)] },
        { starting_at: iso(D + 48 * H), ending_at: iso(D + 72 * H), results: [] },
      ],
      has_more: false,
      next_page: null,
    });
  });

  it("groups hours by key (an event on the hour counts in that hour), leaving hours of verifications only empty", async () => {
    const res = await report(`starting_at=${iso(D + 9 * H + 59 * M)}&ending_at=${iso(D + 12 * H)}&bucket_width=1h&group_by[]=api_key_id`);
    const [nine, ten, eleven] = res.json.data;
    expect(nine).toEqual({ starting_at: iso(D + 9 * H), ending_at: iso(D + 10 * H), results: [usage(1, 1, 1, { api_key_id: keyA })] });
    const byKey = [usage(300, 30, 2, { api_key_id: keyA, cacheWrite: 5, cacheRead: 7 }), usage(1000, 100, 1, { api_key_id: keyB })];
    expect(ten.results).toEqual(byKey.sort((a, b) => (a.api_key_id! < b.api_key_id! ? -1 : 1)));
    expect(eleven.results).toEqual([]);
    expect(res.json.data).toHaveLength(3);
  });

  it("groups by model, and by key and model together", async () => {
    const hour = `starting_at=${iso(D + 10 * H)}&ending_at=${iso(D + 11 * H)}&bucket_width=1h`;
    const byModel = (await report(`${hour}&group_by=model`)).json.data[0].results;
    expect(byModel).toEqual([
      usage(200, 20, 1, { model: "claude-haiku-4-5" }),
      usage(1100, 110, 2, { model: "claude-sonnet-5", cacheWrite: 5, cacheRead: 7 }),
    ]);
    const both = (await report(`${hour}&group_by=model&group_by=api_key_id`)).json.data[0].results;
    const expected = [
      usage(200, 20, 1, { api_key_id: keyA, model: "claude-haiku-4-5" }),
      usage(100, 10, 1, { api_key_id: keyA, model: "claude-sonnet-5", cacheWrite: 5, cacheRead: 7 }),
      usage(1000, 100, 1, { api_key_id: keyB, model: "claude-sonnet-5" }),
    ].sort((a, b) => a.api_key_id!.localeCompare(b.api_key_id!) || a.model!.localeCompare(b.model!));
    expect(both).toEqual(expected);
    const day = (await report(`starting_at=${iso(D + 24 * H)}&ending_at=${iso(D + 48 * H)}&group_by[]=model`)).json.data[0].results;
    expect(day).toEqual([usage(3, 0, 1, { model: null })]);
  });

  it("filters by key and model; another team's key and usage never show", async () => {
    const day = `starting_at=${iso(D)}&ending_at=${iso(D + 24 * H)}`;
    expect((await report(`${day}&api_key_ids[]=${keyB}`)).json.data[0].results).toEqual([usage(1000, 100, 1)]);
    expect((await report(`${day}&models[]=claude-haiku-4-5&models[]=claude-opus-5`)).json.data[0].results).toEqual([usage(200, 20, 1)]);
    expect((await report(`${day}&api_key_ids=${otherTeamKey}`)).json.data[0].results).toEqual([]);
  });

  it("pages minute buckets with next_page, the boundary event in 10:00 only", async () => {
    const first = await report(`starting_at=${iso(D + 9 * H + 59 * M)}&bucket_width=1m&limit=2`);
    expect(first.json.data.map((b: { results: { uncached_input_tokens: number }[] }) => b.results.map((r) => r.uncached_input_tokens))).toEqual([[1], [100]]);
    expect(first.json.has_more).toBe(true);
    const second = await report(`starting_at=${iso(D + 9 * H + 59 * M)}&bucket_width=1m&limit=5&page=${first.json.next_page}`);
    expect(second.json.data.map((b: { starting_at: string }) => b.starting_at)).toEqual([1, 2, 3, 4, 5].map((m) => iso(D + 10 * H + m * M)));
    expect(second.json.data[4].results).toEqual([usage(1000, 100, 1)]);

    const days = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 48 * H)}&limit=1`);
    expect(days.json).toMatchObject({ has_more: true, data: [{ starting_at: iso(D) }] });
    const last = await report(`starting_at=${iso(D)}&ending_at=${iso(D + 48 * H)}&limit=1&page=${days.json.next_page}`);
    expect(last.json).toMatchObject({ has_more: false, next_page: null, data: [{ starting_at: iso(D + 24 * H), results: [usage(3, 0, 1)] }] });
  });

  it("refuses too many buckets, an end not after the start, and malformed parameters", async () => {
    const start = `starting_at=${iso(D)}`;
    const bad = [
      `${start}&bucket_width=1m&limit=1441`,
      `${start}&bucket_width=1h&limit=169`,
      `${start}&limit=32`,
      `${start}&ending_at=${iso(D - 1)}`,
      `${start}&ending_at=${iso(D)}`,
      "bucket_width=1d",
      "starting_at=yesterday",
      `${start}&bucket_width=5m`,
      `${start}&group_by=workspace_id`,
      `${start}&page=page_bm9wZQ`,
      `${start}&limit=0`,
      "starting_at=1969-12-31T23:00:00Z",
    ];
    for (const query of bad) {
      const res = await report(query);
      expect(res.status, query).toBe(400);
      expect(res.json.error.type).toBe("invalid_request_error");
    }
    expect((await report(`${start}&bucket_width=1m&limit=1441`)).json.error.message).toContain("1440");
    expect((await report(`${start}&ending_at=${iso(D - 1)}`)).json.error.message).toContain("ending_at");
    // A start after now, with no end: nothing to report yet.
    expect((await report(`starting_at=${iso(Date.now() + 3 * 86_400_000)}`)).json).toEqual({ data: [], has_more: false, next_page: null });
  });
});
