import { describe, expect, it } from "vitest";
import { authenticate } from "../auth/users";
import { createSession, findLiveSession, sessionIdOf } from "../auth/sessions";
import { createUser } from "../auth/users";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import { linkToken, meta, uniqueAddress, useTestMailbox } from "./email-test-helpers";
import { requestPasswordReset, resetPassword, RESET_LINK_INVALID_MESSAGE, RESET_REQUESTED_MESSAGE } from "./password-reset";
import { issueAccountToken } from "./tokens";

const mailbox = useTestMailbox();
const PASSWORD = "the old long password";
const NEW_PASSWORD = "a brand new long password";
let ipSeq = 0;
const freshIp = () => `203.0.113.${(ipSeq++ % 250) + 1}`;

async function account(who: string) {
  const email = uniqueAddress(who);
  const user = await createUser({ name: `${who} Tester`, email, password: PASSWORD });
  return user;
}

async function resetLinkFor(email: string, ip = freshIp()) {
  const before = mailbox.to(email).length;
  await requestPasswordReset({ email }, meta(ip), { waitForEmail: true });
  const mails = mailbox.to(email);
  expect(mails.length).toBe(before + 1);
  return linkToken(mails[mails.length - 1], "reset-password");
}

describe("forgot password", () => {
  it("answers the same for an address with an account and one without, and mails only the account", async () => {
    const user = await account("known");
    const unknown = uniqueAddress("unknown");
    const known = await requestPasswordReset({ email: user.email.toUpperCase() }, meta(freshIp()), { waitForEmail: true });
    const stranger = await requestPasswordReset({ email: unknown }, meta(freshIp()), { waitForEmail: true });
    expect(known).toEqual(stranger);
    expect(known).toEqual({ message: RESET_REQUESTED_MESSAGE });
    expect(RESET_REQUESTED_MESSAGE).toMatch(/^If an account exists for that address, we sent a link/);

    const mail = await mailbox.waitFor(user.email, /reset-password/);
    expect(mail.body).toContain("Reset your Gatehouse password");
    expect(mail.body).toMatch(/expires on/);
    expect(mailbox.to(unknown)).toHaveLength(0);
    // Only the hash is stored.
    const token = linkToken(mail, "reset-password");
    expect(JSON.stringify(await db.accountToken.findMany({ where: { userId: user.id } }))).not.toContain(token);
    // On the account's own trail.
    expect(await db.userAuditLog.count({ where: { userId: user.id, action: "password.reset_requested" } })).toBe(1);
  });

  it("refuses a malformed address with a field error and sends nothing", async () => {
    await expect(requestPasswordReset({ email: "not an address" }, meta(freshIp()))).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { email: "Enter a valid email address." },
    });
  });

  it("is throttled per address (5 an hour), whether or not it has an account", async () => {
    const limiter = new DbLimiter();
    const now = new Date("2026-12-01T10:05:00Z");
    for (const email of [(await account("burst")).email, uniqueAddress("nobody")]) {
      for (let i = 0; i < 5; i++) await requestPasswordReset({ email }, meta(freshIp()), { limiter, now });
      await expect(requestPasswordReset({ email }, meta(freshIp()), { limiter, now })).rejects.toMatchObject({
        code: "RATE_LIMITED",
        message: "Too many reset links were asked for this address. Try again in 55 minutes.",
      });
      // The next hour, it works again.
      await expect(requestPasswordReset({ email }, meta(freshIp()), { limiter, now: new Date("2026-12-01T11:00:00Z") })).resolves.toEqual({
        message: RESET_REQUESTED_MESSAGE,
      });
    }
  });

  it("is throttled per client network (20 an hour by default), all addresses together", async () => {
    const limiter = new DbLimiter();
    const now = new Date("2026-12-01T10:30:00Z");
    const ip = "192.0.2.77";
    for (let i = 0; i < 20; i++) await requestPasswordReset({ email: uniqueAddress("spray") }, meta(ip), { limiter, now });
    await expect(requestPasswordReset({ email: uniqueAddress("spray") }, meta(ip), { limiter, now })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many reset requests from your network. Try again in 30 minutes.",
    });
    await expect(requestPasswordReset({ email: uniqueAddress("spray") }, meta("192.0.2.78"), { limiter, now })).resolves.toBeDefined();
    // A custom limit (PASSWORD_RESET_LIMIT_PER_IP) applies the same way.
    const strict = { perEmailPerHour: 5, perIpPerHour: 1 };
    await requestPasswordReset({ email: uniqueAddress("strict") }, meta("192.0.2.90"), { limiter, now, limits: strict });
    await expect(requestPasswordReset({ email: uniqueAddress("strict") }, meta("192.0.2.90"), { limiter, now, limits: strict })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });
});

describe("reset password", () => {
  it("sets the new password, signs out every session in the same transaction, and audits it", async () => {
    const user = await account("reset");
    const laptop = sessionIdOf(await createSession(user.id, meta("198.51.100.1")));
    const phone = sessionIdOf(await createSession(user.id, meta("198.51.100.2")));
    const token = await resetLinkFor(user.email);

    await expect(resetPassword({ token, password: NEW_PASSWORD }, meta("198.51.100.3"))).resolves.toEqual({ email: user.email, sessionsEnded: 2 });
    expect(await findLiveSession(laptop)).toBeUndefined();
    expect(await findLiveSession(phone)).toBeUndefined();
    await expect(authenticate({ email: user.email, password: PASSWORD }, freshIp())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, freshIp())).resolves.toMatchObject({ id: user.id });

    const trail = await db.userAuditLog.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const actions = trail.map((r) => r.action);
    expect(actions).toEqual(["password.reset_requested", "email.verified", "session.revoked_all", "password.reset"]);
    expect(JSON.parse(trail[2].details)).toEqual({ count: 2, reason: "password_reset" });
    expect(trail.map((r) => r.details).join()).not.toContain(NEW_PASSWORD);
  });

  it("works once; a used, replaced, expired or unknown link gets one clear answer", async () => {
    const user = await account("once");
    const used = await resetLinkFor(user.email);
    await resetPassword({ token: used, password: NEW_PASSWORD }, meta());
    const invalid = { code: "NOT_FOUND", message: RESET_LINK_INVALID_MESSAGE };
    await expect(resetPassword({ token: used, password: "yet another password" }, meta())).rejects.toMatchObject(invalid);

    const older = await resetLinkFor(user.email);
    const newer = await resetLinkFor(user.email);
    await expect(resetPassword({ token: older, password: "yet another password" }, meta())).rejects.toMatchObject(invalid);

    const expired = await db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, purpose: "password_reset", now: new Date(Date.now() - 61 * 60 * 1000) }));
    await expect(resetPassword({ token: expired.token, password: "yet another password" }, meta())).rejects.toMatchObject(invalid);
    await expect(resetPassword({ token: "x".repeat(43), password: "yet another password" }, meta())).rejects.toMatchObject(invalid);
    // The newest one was killed by the expired one just issued (newer kills older, whatever its expiry).
    await expect(resetPassword({ token: newer, password: "yet another password" }, meta())).rejects.toMatchObject(invalid);
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, freshIp())).resolves.toMatchObject({ id: user.id });
  });

  it("follows the sign-up rules for the new password and keeps the link usable on a field error", async () => {
    const user = await account("rules");
    const token = await resetLinkFor(user.email);
    await expect(resetPassword({ token, password: "short" }, meta())).rejects.toMatchObject({ code: "INVALID", fieldErrors: { password: "Use at least 10 characters." } });
    await expect(resetPassword({ token, password: NEW_PASSWORD }, meta())).resolves.toMatchObject({ email: user.email });
  });

  it("confirms the address, cancels a pending email change and forgives the sign-in failures counted for the account", async () => {
    const user = await account("forgive");
    const ip = "198.51.100.200";
    for (let i = 0; i < 8; i++) await expect(authenticate({ email: user.email, password: "a wrong guess!" }, ip)).rejects.toBeDefined();
    await expect(authenticate({ email: user.email, password: PASSWORD }, ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, purpose: "email_change", newEmail: uniqueAddress("thief") }));

    const token = await resetLinkFor(user.email, ip);
    await resetPassword({ token, password: NEW_PASSWORD }, meta(ip));
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, ip)).resolves.toMatchObject({ id: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await db.accountToken.findFirst({ where: { userId: user.id, purpose: "email_change" } })).toBeNull();
  }, 30_000);
});
