import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateAdminKey, looksLikeAdminKey } from "../admin-keys/format";
import { db } from "../db";
import { generateKey } from "../keys/format";
import { adminApiRateLimit, authenticateAdminRequest, resetAdminApiRateLimit } from "./auth";
import { AdminApiError } from "./errors";
import { teamWithKeys, type TeamWithKeys } from "./testing/fixtures";
import { startAdminApiServer, TEST_ANTHROPIC_VERSION, type TestAdminApi } from "./testing/start-admin-api";

let api: TestAdminApi;
let fx: TeamWithKeys;
beforeAll(async () => {
  api = await startAdminApiServer();
  fx = await teamWithKeys();
});
afterAll(() => api.close());
afterEach(() => {
  vi.unstubAllEnvs();
  resetAdminApiRateLimit();
});

const fakeRequest = (key: string) =>
  ({ headers: { "x-api-key": key, "anthropic-version": TEST_ANTHROPIC_VERSION, "x-real-ip": "203.0.113.9", "user-agent": "test-agent" } }) as unknown as http.IncomingMessage;

describe("admin key format", () => {
  it("accepts generated keys and rejects a wrong checksum, an API key and garbage", () => {
    const key = generateAdminKey();
    expect(key).toMatch(/^gk_admin_[0-9A-Za-z]{46}$/);
    expect(looksLikeAdminKey(key)).toBe(true);
    const flipped = key.slice(0, 20) + (key[20] === "a" ? "b" : "a") + key.slice(21);
    expect(looksLikeAdminKey(flipped)).toBe(false);
    expect(looksLikeAdminKey(generateKey("production"))).toBe(false);
    expect(looksLikeAdminKey("gk_admin_")).toBe(false);
  });
});

describe("authenticateAdminRequest", () => {
  it("acts for the key's creator, naming the key, from the request's address", async () => {
    const { actor, teamId } = await authenticateAdminRequest(fakeRequest(fx.keys.admin.secret));
    expect(teamId).toBe(fx.team.id);
    expect(actor).toEqual({
      userId: fx.members.admin.user.id,
      email: fx.members.admin.user.email,
      adminKey: { id: fx.keys.admin.id, name: "Provisioning", role: "admin", teamId: fx.team.id },
      ip: "203.0.113.9",
      userAgent: "test-agent",
    });
  });

  it("refuses every dead key with the same 401 message", async () => {
    const messages = new Set<string>();
    const removed = await teamWithKeys();
    await db.membership.delete({ where: { teamId_userId: { teamId: removed.team.id, userId: removed.members.admin.user.id } } });
    const wellFormedUnknown = generateAdminKey();
    for (const secret of [fx.keys.revoked.secret, wellFormedUnknown, "gk_admin_short", generateKey("production"), "", removed.keys.admin.secret]) {
      const error = await authenticateAdminRequest(fakeRequest(secret)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdminApiError);
      expect(error).toMatchObject({ status: 401, type: "authentication_error" });
      messages.add((error as Error).message);
    }
    expect(messages.size).toBe(1);
  });

  it("limits requests per key per minute (ADMIN_API_RATE_LIMIT) with a retry-after", async () => {
    vi.stubEnv("ADMIN_API_RATE_LIMIT", "2");
    resetAdminApiRateLimit();
    expect(adminApiRateLimit()).toBe(2);
    const now = new Date(Date.UTC(2030, 0, 1, 12, 0, 10));
    const request = fakeRequest(fx.keys.ownersAdmin.secret);
    await authenticateAdminRequest(request, now);
    await authenticateAdminRequest(request, now);
    const error = await authenticateAdminRequest(request, now).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, type: "rate_limit_error", headers: { "retry-after": "50" } });
    // Another key has its own allowance.
    await expect(authenticateAdminRequest(fakeRequest(fx.keys.readOnly.secret), now)).resolves.toBeDefined();
    // The next minute starts afresh.
    await expect(authenticateAdminRequest(request, new Date(now.getTime() + 60_000))).resolves.toBeDefined();
  });

  it("keeps the default for a value that is not a whole number, with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(adminApiRateLimit({ ADMIN_API_RATE_LIMIT: "lots" })).toBe(600);
    expect(adminApiRateLimit({ ADMIN_API_RATE_LIMIT: "0" })).toBe(0);
    expect(adminApiRateLimit({})).toBe(600);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe("over HTTP", () => {
  it("answers 429 rate_limit_error with retry-after once a key is over its limit", async () => {
    vi.stubEnv("ADMIN_API_RATE_LIMIT", "1");
    resetAdminApiRateLimit();
    const { keys } = await teamWithKeys();
    // Three calls with a limit of one: even if a minute ends between two of them, one is refused.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await api.request("/v1/organizations/me", { key: keys.admin.secret }));
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.json).toEqual({ type: "error", error: { type: "rate_limit_error", message: expect.stringContaining("1 requests") } });
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("records when a key was last used", async () => {
    const { keys } = await teamWithKeys();
    const before = new Date();
    expect((await api.request("/v1/organizations/me", { key: keys.readOnly.secret })).status).toBe(200);
    const row = await db.adminKey.findUniqueOrThrow({ where: { id: keys.readOnly.id } });
    expect(row.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // At most once a minute: a use 30 seconds after the recorded one leaves it as it is.
    const recorded = new Date(Date.now() - 30_000);
    await db.adminKey.update({ where: { id: keys.admin.id }, data: { lastUsedAt: recorded } });
    expect((await api.request("/v1/organizations/me", { key: keys.admin.secret })).status).toBe(200);
    expect((await db.adminKey.findUniqueOrThrow({ where: { id: keys.admin.id } })).lastUsedAt).toEqual(recorded);
  });

  it("answers 401 without an x-api-key header", async () => {
    const res = await api.request("/v1/organizations/me");
    expect(res.status).toBe(401);
    expect(res.json.error.type).toBe("authentication_error");
  });
});
