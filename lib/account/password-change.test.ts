import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password";
import { SIGN_IN_WINDOW_MS, DEFAULT_SIGN_IN_LIMITS, SignInThrottle } from "../auth/throttle";
import { authenticate } from "../auth/users";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import { RECENT_SIGN_IN_MS, SIGN_IN_AGAIN, WRONG_PASSWORD } from "./confirm-identity";
import { changePassword, setPassword } from "./password-change";
import { actionsOf, anotherSession, NEW_PASSWORD, PASSWORD, signedInUser } from "./test-helpers";

const error = (attempt: Promise<unknown>) => attempt.then(() => null, (e: { code: string; message: string; fieldErrors?: Record<string, string> }) => e);
const hashOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).passwordHash;
const sessionIds = async (userId: string) => (await db.userSession.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id).sort();
/** A throttle like the app's (database counters), with a pinned clock and no slow-down waits. */
const throttle = (perAccountAndIp = DEFAULT_SIGN_IN_LIMITS.perAccountAndIp) =>
  new SignInThrottle({
    limiter: new DbLimiter(),
    limits: { ...DEFAULT_SIGN_IN_LIMITS, perAccountAndIp },
    isKnownAddress: async () => false,
    alertAccountOwner: async () => {},
    clock: () => Date.UTC(2026, 0, 1, 12, 1),
    sleep: async () => {},
  });

describe("changePassword", () => {
  it("stores the new password (argon2id), signs out every other session but this one, spends reset links and audits it", async () => {
    const { user, actor } = await signedInUser("change");
    const phone = await anotherSession(user.id);
    const laptop = await anotherSession(user.id);
    const bystander = await signedInUser("bystander");
    const reset = await db.accountToken.create({ data: { userId: user.id, purpose: "password_reset", tokenHash: `h-${user.id}`, expiresAt: new Date(Date.now() + 3600_000) } });

    await expect(changePassword(actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).resolves.toEqual({ signedOut: 2 });

    const hash = await hashOf(user.id);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, NEW_PASSWORD)).toBe(true);
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, actor.ip)).resolves.toMatchObject({ id: user.id });
    await expect(authenticate({ email: user.email, password: PASSWORD }, actor.ip)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await sessionIds(user.id)).toEqual([actor.sessionId]);
    expect(await sessionIds(bystander.user.id)).toEqual([bystander.actor.sessionId]);
    expect((await db.accountToken.findUniqueOrThrow({ where: { id: reset.id } })).usedAt).not.toBeNull();
    expect((await actionsOf(user.id)).slice(-2)).toEqual([
      { action: "password.changed", details: {} },
      { action: "session.revoked_others", details: { count: 2, reason: "password_changed" } },
    ]);
    // Nothing secret in the trail.
    expect(JSON.stringify(await db.userAuditLog.findMany({ where: { userId: user.id } }))).not.toMatch(new RegExp(`${PASSWORD}|${NEW_PASSWORD}|argon2`));
  });

  it("refuses a wrong current password with a field error and changes nothing", async () => {
    const { user, actor } = await signedInUser("wrong");
    const other = await anotherSession(user.id);
    const before = await hashOf(user.id);
    const refused = await error(changePassword(actor, { currentPassword: "not my password", newPassword: NEW_PASSWORD }));
    expect(refused).toMatchObject({ code: "INVALID", message: WRONG_PASSWORD, fieldErrors: { currentPassword: WRONG_PASSWORD } });
    expect(await hashOf(user.id)).toBe(before);
    expect(await sessionIds(user.id)).toEqual([actor.sessionId, other].sort());
    expect((await actionsOf(user.id)).map((e) => e.action)).not.toContain("password.changed");
  });

  it("holds the new password to sign-up's rules, and refuses the current one as the new one", async () => {
    const { user, actor } = await signedInUser("rules");
    const before = await hashOf(user.id);
    expect(await error(changePassword(actor, { currentPassword: PASSWORD, newPassword: "short" }))).toMatchObject({
      code: "INVALID",
      fieldErrors: { newPassword: "Use at least 10 characters." },
    });
    expect(await error(changePassword(actor, { currentPassword: PASSWORD, newPassword: "x".repeat(257) }))).toMatchObject({ fieldErrors: { newPassword: "Use at most 256 characters." } });
    expect(await error(changePassword(actor, { currentPassword: "", newPassword: NEW_PASSWORD }))).toMatchObject({ fieldErrors: { currentPassword: "Enter your current password." } });
    expect(await error(changePassword(actor, { currentPassword: PASSWORD, newPassword: PASSWORD }))).toMatchObject({
      code: "INVALID",
      fieldErrors: { newPassword: "Choose a password different from your current one." },
    });
    expect(await hashOf(user.id)).toBe(before);
  });

  it("counts wrong current passwords with the sign-in throttle's counters: past the limit both the form and sign-in are refused", async () => {
    const { user, actor } = await signedInUser("guesser");
    const shared = throttle(3);
    for (let i = 0; i < 3; i++) {
      expect(await error(changePassword(actor, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }, { throttle: shared }))).toMatchObject({ code: "INVALID" });
    }
    // Even the right password is not checked now, here or at the sign-in form.
    expect(await error(changePassword(actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { throttle: shared }))).toMatchObject({ code: "RATE_LIMITED" });
    await expect(authenticate({ email: user.email, password: PASSWORD }, actor.ip, shared)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await verifyPassword(await hashOf(user.id), PASSWORD)).toBe(true);
  });

  it("uses the app's sign-in throttle by default: a wrong try is a failed sign-in for this account and address", async () => {
    const { user, actor } = await signedInUser("default");
    await error(changePassword(actor, { currentPassword: "nope nope", newPassword: NEW_PASSWORD }));
    const rule = { limit: DEFAULT_SIGN_IN_LIMITS.perAccountAndIp, windowMs: SIGN_IN_WINDOW_MS };
    const counted = await new DbLimiter().peek(`sign-in:account-ip:${user.email}|${actor.ip}`, rule);
    expect(counted.remaining).toBe(rule.limit - 1);
    // A right password gives its charge back, as a sign-in does.
    await changePassword(actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect((await new DbLimiter().peek(`sign-in:account-ip:${user.email}|${actor.ip}`, rule)).remaining).toBe(rule.limit);
  });

  it("tells an SSO-only account to set a password instead", async () => {
    const { actor } = await signedInUser("sso-change", { sso: true });
    expect(await error(changePassword(actor, { currentPassword: "anything at all", newPassword: NEW_PASSWORD }))).toMatchObject({ code: "CONFLICT" });
  });
});

describe("setPassword (an account that signs in only with single sign-on)", () => {
  it("sets a first password for a session that signed in recently, keeps other sessions, and audits it", async () => {
    const { user, actor } = await signedInUser("sso", { sso: true });
    const other = await anotherSession(user.id);
    await setPassword(actor, { newPassword: NEW_PASSWORD });
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, actor.ip)).resolves.toMatchObject({ id: user.id });
    expect(await sessionIds(user.id)).toEqual([actor.sessionId, other].sort());
    expect((await actionsOf(user.id)).map((e) => e.action)).toEqual(["password.set"]);
    // Once set, it is changed with the current password like any other.
    expect(await error(setPassword(actor, { newPassword: "a third long phrase" }))).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a session that signed in more than 15 minutes ago, and sets nothing", async () => {
    const { user, actor } = await signedInUser("sso-old", { sso: true, signedInAt: Date.now() - RECENT_SIGN_IN_MS - 1000 });
    expect(await error(setPassword(actor, { newPassword: NEW_PASSWORD }))).toMatchObject({ code: "FORBIDDEN", message: SIGN_IN_AGAIN });
    expect(await hashOf(user.id)).toBe("");
    // Just inside the window is fine.
    const fresh = await signedInUser("sso-fresh", { sso: true, signedInAt: Date.now() - RECENT_SIGN_IN_MS + 5000 });
    await expect(setPassword(fresh.actor, { newPassword: NEW_PASSWORD })).resolves.toBeUndefined();
  });

  it("refuses an account that already has a password, and short passwords", async () => {
    const { user, actor } = await signedInUser("has-one");
    const before = await hashOf(user.id);
    expect(await error(setPassword(actor, { newPassword: NEW_PASSWORD }))).toMatchObject({ code: "CONFLICT" });
    const sso = await signedInUser("sso-short", { sso: true });
    expect(await error(setPassword(sso.actor, { newPassword: "short" }))).toMatchObject({ fieldErrors: { newPassword: "Use at least 10 characters." } });
    expect(await hashOf(user.id)).toBe(before);
    expect(await hashOf(sso.user.id)).toBe("");
  });

  it("does not accept another user's session as the caller's", async () => {
    const a = await signedInUser("sso-a", { sso: true });
    const b = await signedInUser("sso-b", { sso: true, signedInAt: Date.now() - RECENT_SIGN_IN_MS * 2 });
    // b's actor with a's fresh session id: the session is not b's, so b has not signed in recently.
    expect(await error(setPassword({ ...b.actor, sessionId: a.actor.sessionId }, { newPassword: NEW_PASSWORD }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await hashOf(b.user.id)).toBe("");
  });
});
