import { describe, expect, it } from "vitest";
import { db } from "../db";
import { checksumOf } from "../keys/format";
import { listOperatorAudit } from "./audit-log";
import { onServiceTokenChange } from "./service-token-changes";
import { generateServiceToken, hashServiceToken, parseServiceToken } from "./service-token-format";
import { createServiceToken, listServiceTokens, revokeServiceToken } from "./service-tokens";
import { auditOf, makeOperator } from "./test-helpers";

describe("the service-token format", () => {
  it("is gks_ + 40 base62 + a checksum that parse checks without a lookup", () => {
    const token = generateServiceToken();
    expect(token).toMatch(/^gks_[0-9A-Za-z]{46}$/);
    expect(parseServiceToken(token)).toEqual({ token });
    expect(generateServiceToken()).not.toBe(token);
    // One character changed in the random part, or in the checksum: refused.
    const flipped = token.slice(0, 10) + (token[10] === "a" ? "b" : "a") + token.slice(11);
    expect(parseServiceToken(flipped)).toBeNull();
    expect(parseServiceToken(token.slice(0, -1) + (token.at(-1) === "0" ? "1" : "0"))).toBeNull();
    expect(parseServiceToken(token.replace("gks_", "gk_live_"))).toBeNull();
    expect(parseServiceToken(token + "x")).toBeNull();
    expect(parseServiceToken("")).toBeNull();
    const head = `gks_${"A".repeat(40)}`;
    expect(parseServiceToken(head + checksumOf(head))).not.toBeNull();
    expect(hashServiceToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("service tokens", () => {
  it("are created with the secret returned once and only its hash stored, audited without the secret", async () => {
    const { actor, user } = await makeOperator();
    const { token, secret } = await createServiceToken(actor, { name: " Billing backend " });
    expect(parseServiceToken(secret)).not.toBeNull();
    expect(token).toMatchObject({ name: "Billing backend", prefix: secret.slice(0, 8), last4: secret.slice(-4), status: "active", createdBy: { id: user.id } });
    expect(token).not.toHaveProperty("hash");

    const row = await db.serviceToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.hash).toBe(hashServiceToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(8, -4));
    const [entry] = await auditOf("service_token.created", token.id);
    expect(entry).toMatchObject({ before: null, after: { name: "Billing backend" } });
    expect(JSON.stringify(entry)).not.toContain(secret.slice(8, -4));

    const listed = await listServiceTokens(actor);
    const mine = listed.find((t) => t.id === token.id)!;
    expect(mine).toMatchObject({ name: "Billing backend", lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(8, -4));
    expect(JSON.stringify(listed)).not.toContain(row.hash);
  });

  it("need a name of one line", async () => {
    const { actor } = await makeOperator();
    const count = await db.serviceToken.count();
    await expect(createServiceToken(actor, { name: "" })).rejects.toMatchObject({ fieldErrors: { name: "Give the token a name." } });
    await expect(createServiceToken(actor, { name: "a\nb" })).rejects.toMatchObject({ fieldErrors: { name: expect.any(String) } });
    expect(await db.serviceToken.count()).toBe(count);
  });

  it("are revoked at once: announced, audited, listed after live ones, and not twice", async () => {
    const { actor } = await makeOperator();
    const { token } = await createServiceToken(actor, { name: "old" });
    const { token: live } = await createServiceToken(actor, { name: "live" });
    let announcements = 0;
    const stop = onServiceTokenChange(() => announcements++);
    try {
      await expect(revokeServiceToken(actor, { tokenId: token.id })).resolves.toEqual({ name: "old" });
    } finally {
      stop();
    }
    expect(announcements).toBe(1);
    expect((await db.serviceToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeInstanceOf(Date);
    await expect(revokeServiceToken(actor, { tokenId: token.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(revokeServiceToken(actor, { tokenId: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const ids = (await listServiceTokens(actor)).map((t) => [t.id, t.status]);
    expect(ids.indexOf(ids.find(([id]) => id === live.id)!)).toBeLessThan(ids.indexOf(ids.find(([id]) => id === token.id)!));
    expect(ids.find(([id]) => id === token.id)![1]).toBe("revoked");
    const [entry] = await auditOf("service_token.revoked", token.id);
    expect(entry.before).toEqual({ name: "old", revokedAt: null });
    expect(entry.after).toMatchObject({ name: "old", revokedAt: expect.any(String) });
  });
});

describe("the operator audit log", () => {
  it("lists every change newest first, in pages, with before and after", async () => {
    const { actor } = await makeOperator();
    for (let i = 0; i < 27; i++) await createServiceToken(actor, { name: `t${i}` });
    const page1 = await listOperatorAudit(actor);
    expect(page1.entries).toHaveLength(25);
    expect(page1.total).toBeGreaterThanOrEqual(27);
    expect(page1.entries[0]).toMatchObject({ action: "service_token.created", targetLabel: expect.stringContaining("t26"), before: null, after: { name: "t26" }, actor: { email: actor.email } });
    const times = page1.entries.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page2 = await listOperatorAudit(actor, { page: 2 });
    expect(page2.page).toBe(2);
    expect(page2.entries.map((e) => e.id)).not.toContain(page1.entries[0].id);
  });
});
