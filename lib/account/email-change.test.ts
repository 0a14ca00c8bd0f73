import { describe, expect, it } from "vitest";
import { authenticate, createUser } from "../auth/users";
import { createSession, findLiveSession, sessionIdOf } from "../auth/sessions";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import type { AccountActor } from "./confirm-identity";
import { cancelEmailChange, confirmEmailChange, EMAIL_CHANGE_REFUSED_MESSAGE, emailCardState, requestEmailChange } from "./email-change";
import { linkToken, meta, uniqueAddress, useTestMailbox } from "./email-test-helpers";
import { hashAccountToken, issueAccountToken } from "./tokens";

const mailbox = useTestMailbox();
const PASSWORD = "the current long password";
let ipSeq = 0;

async function signedIn(who: string, { sso = false, signedInAt = Date.now() } = {}) {
  const email = uniqueAddress(who);
  const user = sso
    ? await db.user.create({ data: { name: `${who} SSO`, email, passwordHash: "" } })
    : await createUser({ name: `${who} Tester`, email, password: PASSWORD }, { emailVerifiedAt: new Date() });
  const m = meta(`192.0.2.${(ipSeq++ % 250) + 1}`);
  const sessionId = sessionIdOf(await createSession(user.id, m, signedInAt));
  const actor: AccountActor = { userId: user.id, email: user.email, sessionId, ...m };
  return { user, actor };
}

async function changeLink(newEmail: string) {
  return linkToken(await mailbox.waitFor(newEmail, /confirm-email-change/), "confirm-email-change");
}

describe("email change", () => {
  it("sends a link to the new address and a notice without one to the old; opening it moves the account, confirmed and audited", async () => {
    const { user, actor } = await signedIn("mover");
    const other = sessionIdOf(await createSession(user.id, meta("203.0.113.9")));
    const newEmail = uniqueAddress("moved");
    const requested = await requestEmailChange(actor, { newEmail: newEmail.toUpperCase(), password: PASSWORD });
    expect(requested).toMatchObject({ newEmail, delivery: "sent" });

    const token = await changeLink(newEmail);
    const notice = await mailbox.waitFor(user.email);
    expect(notice.body).toContain(`to ${newEmail}`);
    expect(notice.body).not.toMatch(/confirm-email-change|verify-email|reset-password\//);
    expect(await emailCardState(user.id)).toMatchObject({ email: user.email, pending: { newEmail } });
    // Nothing changes until the link is opened.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    await expect(confirmEmailChange(token, meta())).resolves.toEqual({ email: newEmail, previous: user.email });
    const moved = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(moved.email).toBe(newEmail);
    expect(moved.emailVerifiedAt).not.toBeNull();
    await expect(authenticate({ email: newEmail, password: PASSWORD }, "192.0.2.250")).resolves.toMatchObject({ id: user.id });
    await expect(authenticate({ email: user.email, password: PASSWORD }, "192.0.2.250")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    // Other sessions stay signed in (and read the new address on their next request).
    expect((await findLiveSession(other))?.user.email).toBe(newEmail);

    const trail = await db.userAuditLog.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(trail.map((r) => [r.action, JSON.parse(r.details)])).toEqual([
      ["email.change_requested", { from: user.email, to: newEmail }],
      ["email.changed", { from: user.email, to: newEmail }],
    ]);
    // Used once.
    await expect(confirmEmailChange(token, meta())).resolves.toBeNull();
    expect(await emailCardState(user.id)).toMatchObject({ email: newEmail, confirmed: true, pending: null });
  });

  it("needs the current password, the only check an SSO-only account skips (it needs a recent sign-in instead)", async () => {
    const { actor } = await signedIn("careful");
    const newEmail = uniqueAddress("elsewhere");
    await expect(requestEmailChange(actor, { newEmail })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { password: "That is not your current password." } });
    await expect(requestEmailChange(actor, { newEmail, password: "not the password" })).rejects.toMatchObject({
      fieldErrors: { password: "That is not your current password." },
    });
    await expect(requestEmailChange(actor, { newEmail: actor.email, password: PASSWORD })).rejects.toMatchObject({
      fieldErrors: { newEmail: "That is already your address." },
    });
    await expect(requestEmailChange(actor, { newEmail: "nope", password: PASSWORD })).rejects.toMatchObject({ fieldErrors: { newEmail: "Enter a valid email address." } });
    expect(mailbox.to(newEmail)).toHaveLength(0);

    const sso = await signedIn("sso", { sso: true });
    const ssoNew = uniqueAddress("sso-new");
    await expect(requestEmailChange(sso.actor, { newEmail: ssoNew })).resolves.toMatchObject({ newEmail: ssoNew });
    const stale = await signedIn("stale-sso", { sso: true, signedInAt: Date.now() - 60 * 60 * 1000 });
    await expect(requestEmailChange(stale.actor, { newEmail: uniqueAddress("stale-new") })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("fails with a message that does not say the address is taken when another account has it by then", async () => {
    const { user, actor } = await signedIn("late");
    const contested = uniqueAddress("contested");
    await requestEmailChange(actor, { newEmail: contested, password: PASSWORD });
    const token = await changeLink(contested);
    await createUser({ name: "First Come", email: contested, password: "someone else's password" });

    const refusal = await confirmEmailChange(token, meta()).catch((e) => e);
    expect(refusal).toMatchObject({ code: "CONFLICT", message: EMAIL_CHANGE_REFUSED_MESSAGE });
    expect(EMAIL_CHANGE_REFUSED_MESSAGE).not.toMatch(/taken|exists|already/i);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    expect(await db.userAuditLog.count({ where: { userId: user.id, action: "email.changed" } })).toBe(0);
  });

  it("kills links sent to the old address, and a newer request or a cancel kills the pending link", async () => {
    const { user, actor } = await signedIn("links");
    const reset = await db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, purpose: "password_reset" }));
    const first = uniqueAddress("first");
    const second = uniqueAddress("second");
    await requestEmailChange(actor, { newEmail: first, password: PASSWORD });
    const firstToken = await changeLink(first);
    await requestEmailChange(actor, { newEmail: second, password: PASSWORD });
    const secondToken = await changeLink(second);
    await expect(confirmEmailChange(firstToken, meta())).resolves.toBeNull();
    await expect(confirmEmailChange(secondToken, meta())).resolves.toMatchObject({ email: second });
    // The reset link went to the old address: it no longer works for the account.
    expect(await db.accountToken.findUnique({ where: { tokenHash: hashAccountToken(reset.token) } })).toBeNull();

    const third = uniqueAddress("third");
    await requestEmailChange({ ...actor, email: second }, { newEmail: third, password: PASSWORD });
    const thirdToken = await changeLink(third);
    await expect(cancelEmailChange(actor)).resolves.toBe(true);
    await expect(confirmEmailChange(thirdToken, meta())).resolves.toBeNull();
  });

  it("is throttled per account and per new address", async () => {
    const { actor } = await signedIn("many");
    const limiter = new DbLimiter();
    const now = Date.UTC(2026, 11, 1, 9, 30);
    const target = uniqueAddress("target");
    for (let i = 0; i < 3; i++) await requestEmailChange(actor, { newEmail: target, password: PASSWORD }, { limiter, now });
    for (let i = 0; i < 2; i++) await requestEmailChange(actor, { newEmail: uniqueAddress("target"), password: PASSWORD }, { limiter, now });
    await expect(requestEmailChange(actor, { newEmail: uniqueAddress("target"), password: PASSWORD }, { limiter, now })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "You've asked to change your address several times already. Try again in 30 minutes.",
    });
    // Another account cannot send that address more than 5 links a day either.
    const { actor: second } = await signedIn("second");
    for (let i = 0; i < 2; i++) await requestEmailChange(second, { newEmail: target, password: PASSWORD }, { limiter, now });
    await expect(requestEmailChange(second, { newEmail: target, password: PASSWORD }, { limiter, now })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^That address has been sent several links already\. Try again in 15 hours\.$/),
    });
  }, 30_000);
});
