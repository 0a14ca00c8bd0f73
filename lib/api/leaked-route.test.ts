import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { subjectOf } from "../email/test-mail-subject";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { generateKey } from "../keys/format";
import { MemoryLimiter } from "../limits/memory-limiter";
import { makeTeam } from "../testing/factories";
import { githubKeyringFromEnv } from "./github-signature";
import { createTestKey, startApiServer, type TestApi } from "./test-helpers";

const LEAKED = "/api/v1/keys/leaked";
const KEY_ID = "gh-test-key-1";

// GitHub's side: a P-256 key pair, the public half configured as GitHub publishes it.
const github = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const keysDocument = JSON.stringify({
  public_keys: [{ key_identifier: KEY_ID, key: github.publicKey.export({ type: "spki", format: "pem" }), is_current: true }],
});
const signed = (body: string, privateKey = github.privateKey) => crypto.sign("sha256", Buffer.from(body), { key: privateKey, dsaEncoding: "der" }).toString("base64");

let api: TestApi;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let team: Awaited<ReturnType<typeof makeTeam>>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  api = await startApiServer({
    leaked: { limiter: new MemoryLimiter(), githubKeys: githubKeyringFromEnv({ GITHUB_SECRET_SCANNING_KEYS: keysDocument }), retryPausesMs: [0, 0] },
  });
  team = await makeTeam();
  await db.webhookEndpoint.create({ data: { teamId: team.team.id, url: "https://hooks.example.test/in", events: JSON.stringify(["api_key.leaked"]) } });
});
afterAll(async () => {
  await api.close();
  await smtp.close();
});
beforeEach(() => {
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(smtp.port));
  vi.stubEnv("APP_URL", "https://portal.example.test");
  return () => vi.unstubAllEnvs();
});

const item = (token: string, url = "https://github.com/octo/app/blob/abc/.env") => ({ token, type: "gatehouse_api_key", url, source: "content" });
const postSigned = (body: string, headers: Record<string, string> = {}) =>
  api.post(LEAKED, body, { authorization: "", "github-public-key-identifier": KEY_ID, "github-public-key-signature": signed(body), ...headers });
const row = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });
const mailsAbout = (name: string) => smtp.messages.filter((m) => m.body.includes(`"${name}"`));
const verify = async (key: string) => (await (await api.post("/api/v1/keys/verify", { key })).json()).code as string;

describe("POST /api/v1/keys/leaked", () => {
  it("with a service token: answers every token, revokes only the live key, audits, queues the webhook event and emails the team", async () => {
    const live = await createTestKey(team.team.id, { name: `live-${crypto.randomUUID().slice(0, 6)}` });
    await db.apiKey.update({ where: { id: live.key.id }, data: { createdById: team.members.developer.user.id } });
    const revoked = await createTestKey(team.team.id, { name: "already revoked", revokedAt: new Date(Date.now() - 60_000) });
    const foreign = generateKey("production");
    const body = [item(live.secret), item(revoked.secret), item(foreign), item("gk_live_not-a-key"), item("ghp_somethingelse")];

    const res = await api.post(LEAKED, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { token_raw: live.secret, token_type: "gatehouse_api_key", label: "true_positive" },
      { token_raw: revoked.secret, token_type: "gatehouse_api_key", label: "true_positive" },
      { token_raw: foreign, token_type: "gatehouse_api_key", label: "false_positive" },
      { token_raw: "gk_live_not-a-key", token_type: "gatehouse_api_key", label: "false_positive" },
      { token_raw: "ghp_somethingelse", token_type: "gatehouse_api_key", label: "false_positive" },
    ]);

    const after = await row(live.key.id);
    expect(after.revokedAt).not.toBeNull();
    expect(after.leakedAt).not.toBeNull();
    expect(after).toMatchObject({ leakUrl: "https://github.com/octo/app/blob/abc/.env", leakSource: "content" });
    expect((await row(revoked.key.id)).leakedAt).toBeNull();
    expect(await verify(live.secret)).toBe("REVOKED");

    const audit = await db.auditLog.findMany({ where: { teamId: team.team.id, action: "key.leaked", targetId: live.key.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorEmail: "Leaked-key report" });
    expect(JSON.parse(audit[0].metadata)).toMatchObject({ url: "https://github.com/octo/app/blob/abc/.env", source: "content" });
    const events = await db.webhookEvent.findMany({ where: { teamId: team.team.id, type: "api_key.leaked" } });
    expect(events.map((e) => JSON.parse(e.payload).data.target.id)).toContain(live.key.id);

    await vi.waitFor(() => expect(mailsAbout(live.key.name)).toHaveLength(1), { timeout: 10_000 });
    const [mail] = mailsAbout(live.key.name);
    expect(subjectOf(mail.raw)).toBe("Your API key was found in public and revoked");
    expect(mail.to.sort()).toEqual([team.members.owner.user.email, team.members.admin.user.email, team.members.developer.user.email].sort());
    expect(mail.body).toContain("Found at: https://github.com/octo/app/blob/abc/.env");
    expect(mail.body).toContain("Source: content");
    expect(mail.body).toContain(`https://portal.example.test/${team.team.slug}/keys/${live.key.id}`);

    // Reported again: still a true positive, nothing more happens.
    const again = await api.post(LEAKED, [item(live.secret, "https://elsewhere.example")]);
    expect((await again.json())[0].label).toBe("true_positive");
    expect((await row(live.key.id)).leakUrl).toBe("https://github.com/octo/app/blob/abc/.env");
    // No second revocation, so no second email (emails only follow a revocation).
    expect(await db.auditLog.count({ where: { action: "key.leaked", targetId: live.key.id } })).toBe(1);
  });

  it("with GitHub's signature: verifies it over the raw body and revokes, audited as GitHub secret scanning", async () => {
    const live = await createTestKey(team.team.id, { name: `gh-${crypto.randomUUID().slice(0, 6)}` });
    // As GitHub's earlier payloads: no `source`.
    const body = JSON.stringify([{ token: live.secret, type: "gatehouse_api_key", url: "https://gist.github.com/x/1" }]);
    const res = await postSigned(body);
    expect(res.status).toBe(200);
    expect((await res.json())[0].label).toBe("true_positive");
    expect(await row(live.key.id)).toMatchObject({ leakUrl: "https://gist.github.com/x/1", leakSource: "" });
    expect((await row(live.key.id)).revokedAt).not.toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "key.leaked", targetId: live.key.id } });
    expect(audit).toMatchObject({ actorId: null, actorEmail: "GitHub secret scanning" });
  });

  it("cuts a rotation's overlap short when the old secret leaks", async () => {
    const old = await createTestKey(team.team.id, { name: "rotating", revokedAt: new Date(Date.now() + 3_600_000) });
    expect((await (await api.post(LEAKED, [item(old.secret)])).json())[0].label).toBe("true_positive");
    expect((await row(old.key.id)).revokedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await verify(old.secret)).toBe("REVOKED");
  });

  it("refuses a bad signature, an unknown key identifier, a bad service token and no authentication, revoking nothing", async () => {
    const live = await createTestKey(team.team.id, { name: "must survive" });
    const body = JSON.stringify([item(live.secret)]);
    const otherKey = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const attempts = [
      postSigned(body, { "github-public-key-signature": signed(body, otherKey) }),
      postSigned(body, { "github-public-key-signature": signed(body + " ") }),
      postSigned(body, { "github-public-key-signature": "not base64!" }),
      postSigned(body, { "github-public-key-identifier": "some-other-id" }),
      api.post(LEAKED, body, { authorization: "Bearer gks_wrong" }),
      api.post(LEAKED, body, { authorization: "" }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toMatch(/^(INVALID_SIGNATURE|INVALID_SERVICE_TOKEN|MISSING_AUTHENTICATION)$/);
    }
    expect((await row(live.key.id)).revokedAt).toBeNull();
    expect(await verify(live.secret)).toBe("VALID");
  });

  it("answers 400 to a body that is not a report", async () => {
    for (const body of ["{not json", "[]", JSON.stringify({ token: "x" }), JSON.stringify([{ token: "x", type: "t" }]), JSON.stringify([{ token: 1, type: "t", url: "u", source: "s" }])]) {
      const res = await api.post(LEAKED, body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code).toMatch(/^(MALFORMED_JSON|INVALID_REQUEST)$/);
    }
    const tooMany = JSON.stringify(Array.from({ length: 1001 }, () => item("x")));
    expect((await postSigned(tooMany)).status).toBe(400);
  });

  it("limits each caller's reports per minute", async () => {
    const limited = await startApiServer({ leaked: { limiter: new MemoryLimiter(), githubKeys: new Map(), perMinute: 2 } });
    try {
      const body = [item("nothing")];
      expect((await limited.post(LEAKED, body)).status).toBe(200);
      expect((await limited.post(LEAKED, body)).status).toBe(200);
      const third = await limited.post(LEAKED, body);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
