import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeUser } from "../testing/factories";
import { ACCOUNT_TOKEN_TTL_MS, consumeAccountToken, findLiveAccountToken, hashAccountToken, isWellFormedAccountToken, issueAccountToken } from "./tokens";

const HOUR = 60 * 60 * 1000;
const issue = (userId: string, purpose: "password_reset" | "email_verify" | "email_change" = "password_reset", now = new Date()) =>
  db.$transaction((tx) => issueAccountToken(tx, { userId, purpose, now, newEmail: purpose === "email_change" ? "new@mail.test" : undefined }));
const consume = (token: string, purpose: "password_reset" | "email_verify" | "email_change" = "password_reset", now = new Date()) =>
  db.$transaction((tx) => consumeAccountToken(tx, token, purpose, now));

describe("account tokens", () => {
  it("are 32 random bytes in base64url, stored only as their SHA-256", async () => {
    const user = await makeUser("tok");
    const { token } = await issue(user.id);
    expect(isWellFormedAccountToken(token)).toBe(true);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await db.accountToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashAccountToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("last 1 hour for a reset and an email change, 24 hours for a confirmation", async () => {
    expect(ACCOUNT_TOKEN_TTL_MS).toEqual({ password_reset: HOUR, email_change: HOUR, email_verify: 24 * HOUR });
    const user = await makeUser("ttl");
    const now = new Date("2026-12-01T10:00:00Z");
    expect((await issue(user.id, "password_reset", now)).expiresAt).toEqual(new Date("2026-12-01T11:00:00Z"));
    expect((await issue(user.id, "email_verify", now)).expiresAt).toEqual(new Date("2026-12-02T10:00:00Z"));
  });

  it("work once", async () => {
    const user = await makeUser("once");
    const { token } = await issue(user.id);
    expect(await consume(token)).toMatchObject({ userId: user.id });
    expect(await consume(token)).toBeNull();
    expect(await findLiveAccountToken(token, "password_reset")).toBeNull();
  });

  it("stop working at their expiry instant", async () => {
    const user = await makeUser("expiry");
    const now = new Date();
    const { token, expiresAt } = await issue(user.id, "password_reset", now);
    expect(await findLiveAccountToken(token, "password_reset", new Date(expiresAt.getTime() - 1))).not.toBeNull();
    expect(await consume(token, "password_reset", expiresAt)).toBeNull();
    expect(await consume(token, "password_reset", new Date(expiresAt.getTime() - 1))).toMatchObject({ userId: user.id });
  });

  it("die when a newer one of the same purpose is sent, and only then", async () => {
    const user = await makeUser("newer");
    const first = await issue(user.id, "password_reset");
    const verify = await issue(user.id, "email_verify");
    const second = await issue(user.id, "password_reset");
    expect(await consume(first.token)).toBeNull();
    expect(await consume(verify.token, "email_verify")).toMatchObject({ userId: user.id });
    expect(await consume(second.token)).toMatchObject({ userId: user.id });
    // Another user's new token leaves this one's alone.
    const other = await makeUser("other");
    const mine = await issue(user.id, "email_change");
    await issue(other.id, "email_change");
    expect(await consume(mine.token, "email_change")).toMatchObject({ userId: user.id, newEmail: "new@mail.test" });
  });

  it("are refused for another purpose, and refused without a lookup when malformed", async () => {
    const user = await makeUser("purpose");
    const { token } = await issue(user.id, "email_verify");
    expect(await consume(token, "password_reset")).toBeNull();
    expect(await consume(token, "email_change")).toBeNull();
    expect(await consume(token, "email_verify")).not.toBeNull();
    for (const bad of ["", "short", `${token}x`, token.replace(/./, "!"), "a".repeat(43).replace(/a$/, "=")]) {
      expect(isWellFormedAccountToken(bad)).toBe(false);
      expect(await consume(bad)).toBeNull();
    }
  });

  it("give exactly one winner when used concurrently", async () => {
    const user = await makeUser("race");
    for (let round = 0; round < 3; round++) {
      const { token } = await issue(user.id);
      const results = await Promise.all(Array.from({ length: 8 }, () => consume(token)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await db.accountToken.count({ where: { tokenHash: hashAccountToken(token), usedAt: { not: null } } })).toBe(1);
    }
  });

  it("leave one live link when issued concurrently", async () => {
    const user = await makeUser("issue-race");
    const issued = await Promise.all(Array.from({ length: 6 }, () => issue(user.id)));
    expect(await db.accountToken.count({ where: { userId: user.id, purpose: "password_reset" } })).toBe(1);
    const live = (await Promise.all(issued.map(({ token }) => findLiveAccountToken(token, "password_reset")))).filter(Boolean);
    expect(live).toHaveLength(1);
  });

  it("a failure later in the same transaction leaves the link usable", async () => {
    const user = await makeUser("rollback");
    const { token } = await issue(user.id);
    await expect(
      db.$transaction(async (tx) => {
        expect(await consumeAccountToken(tx, token, "password_reset")).not.toBeNull();
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    expect(await consume(token)).toMatchObject({ userId: user.id });
  });
});
