import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashInvitationToken } from "../invitations/token";
import { responseValidator } from "../openapi/testing/response-validator";
import { paginateArray } from "./pagination";
import { teamWithKeys, type TeamWithKeys } from "./testing/fixtures";
import { startAdminApiServer, type TestAdminApi } from "./testing/start-admin-api";

let api: TestAdminApi;
let fx: TeamWithKeys;
/** Invitation ids newest first; two share one createdAt, so the id breaks the tie. */
let newestFirst: string[];
const validate = responseValidator();

beforeAll(async () => {
  api = await startAdminApiServer();
  fx = await teamWithKeys();
  const base = Date.now() - 60_000;
  const times = [base, base + 1000, base + 1000, base + 2000, base + 3000];
  const rows = [];
  for (const [i, at] of times.entries()) {
    rows.push(
      await db.invitation.create({
        data: { teamId: fx.team.id, email: `p${i}@example.test`, role: "developer", tokenHash: hashInvitationToken(`${fx.team.id}-${i}`), invitedById: fx.members.owner.user.id, createdAt: new Date(at), expiresAt: new Date(Date.now() + 86_400_000) },
      }),
    );
  }
  newestFirst = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
});
afterAll(() => api.close());

const list = (query: string) => api.request(`/v1/organizations/invites${query}`, { key: fx.keys.readOnly.secret });

describe("cursor pagination (invites)", () => {
  it("walks every item with limit=1 after_id, then back with before_id", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await list(`?limit=1${after ? `&after_id=${after}` : ""}`);
      expect(res.status).toBe(200);
      expect(validate("GET", "/v1/organizations/invites", 200, res.json)).toBeNull();
      expect(res.json.data).toHaveLength(1);
      expect(res.json.first_id).toBe(res.json.data[0].id);
      expect(res.json.last_id).toBe(res.json.data[0].id);
      seen.push(res.json.data[0].id);
      if (!res.json.has_more) break;
      after = res.json.last_id;
    }
    expect(seen).toEqual(newestFirst);

    const back: string[] = [];
    let before: string | null = seen.at(-1)!;
    for (;;) {
      const res = await list(`?limit=1&before_id=${before}`);
      expect(res.status).toBe(200);
      if (res.json.data.length === 0) break;
      back.unshift(res.json.data[0].id);
      if (!res.json.has_more) break;
      before = res.json.first_id;
    }
    expect(back).toEqual(newestFirst.slice(0, -1));
  });

  it("pages with a larger limit keep the order and say whether more follow", async () => {
    const first = await list("?limit=3");
    expect(first.json.data.map((i: { id: string }) => i.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.json.has_more).toBe(true);
    const second = await list(`?limit=3&after_id=${first.json.last_id}`);
    expect(second.json.data.map((i: { id: string }) => i.id)).toEqual(newestFirst.slice(3));
    expect(second.json.has_more).toBe(false);
    const newer = await list(`?limit=2&before_id=${newestFirst[3]}`);
    expect(newer.json.data.map((i: { id: string }) => i.id)).toEqual(newestFirst.slice(1, 3));
    expect(newer.json.has_more).toBe(true);
  });

  it("defaults to 20 items", async () => {
    const res = await list("");
    expect(res.json.data).toHaveLength(newestFirst.length);
    expect(res.json.has_more).toBe(false);
  });

  it.each([
    ["both cursors", () => `?before_id=${newestFirst[0]}&after_id=${newestFirst[1]}`, /before_id or after_id/],
    ["an unknown cursor", () => "?after_id=nosuchinvite", /after_id/],
    ["an unknown before cursor", () => "?before_id=nosuchinvite", /before_id/],
    ["limit 0", () => "?limit=0", /limit/],
    ["limit 1001", () => "?limit=1001", /limit/],
    ["a limit that is not a number", () => "?limit=ten", /limit/],
    ["a repeated limit", () => "?limit=1&limit=2", /limit/],
  ])("refuses %s with 400 invalid_request_error", async (_name, query, message) => {
    const res = await list(query());
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ type: "error", error: { type: "invalid_request_error", message: expect.stringMatching(message) } });
  });

  it("refuses a cursor of another team's list as unknown", async () => {
    const other = await teamWithKeys();
    const res = await api.request(`/v1/organizations/invites?after_id=${newestFirst[0]}`, { key: other.keys.admin.secret });
    expect(res.status).toBe(400);
  });

  it("answers an empty list with null ids", async () => {
    const res = await list("?status=accepted");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [], first_id: null, last_id: null, has_more: false });
    expect(validate("GET", "/v1/organizations/invites", 200, res.json)).toBeNull();
  });
});

describe("paginateArray", () => {
  const items = ["e", "d", "c", "b", "a"].map((id) => ({ id }));
  const ids = (page: { data: { id: string }[] }) => page.data.map((i) => i.id).join("");

  it("pages forwards and backwards around a cursor", () => {
    expect(ids(paginateArray(items, { limit: 2 }))).toBe("ed");
    expect(paginateArray(items, { limit: 2 }).has_more).toBe(true);
    expect(ids(paginateArray(items, { limit: 2, after_id: "d" }))).toBe("cb");
    expect(paginateArray(items, { limit: 3, after_id: "c" })).toEqual({ data: [{ id: "b" }, { id: "a" }], first_id: "b", last_id: "a", has_more: false });
    expect(ids(paginateArray(items, { limit: 2, before_id: "b" }))).toBe("dc");
    expect(paginateArray(items, { limit: 2, before_id: "b" }).has_more).toBe(true);
    expect(paginateArray(items, { limit: 5, before_id: "b" }).has_more).toBe(false);
    expect(paginateArray(items, { limit: 2, before_id: "e" })).toEqual({ data: [], first_id: null, last_id: null, has_more: false });
  });

  it("refuses an unknown cursor and both cursors", () => {
    expect(() => paginateArray(items, { limit: 2, after_id: "z" })).toThrow(/after_id/);
    expect(() => paginateArray(items, { limit: 2, after_id: "a", before_id: "b" })).toThrow(/not both/);
  });
});
