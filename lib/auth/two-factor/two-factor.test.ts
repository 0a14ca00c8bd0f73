import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { DbLimiter } from "../../limits/db-limiter";
import { actorFor } from "../../testing/factories";
import { authOptions } from "../options";
import { createUser, INVALID_CREDENTIALS } from "../users";
import { admitCodeAttempt, TWO_FACTOR_CODE_LIMIT } from "./code-throttle";
import { TWO_FACTOR_REQUIRED } from "./constants";
import { disableTwoFactor, getTwoFactorStatus, regenerateRecoveryCodes } from "./manage";
import { hashRecoveryCode } from "./recovery-codes";
import { storedSecretContext, unseal } from "./seal";
import { WRONG_CODE } from "./second-factor";
import { confirmTwoFactorSetup, SETUP_TTL_MS, startTwoFactorSetup } from "./setup";
import { turnOnTwoFactor } from "./test-helpers";
import { totpCode } from "./totp";

const PASSWORD = "a long secret phrase";
let made = 0;
async function user(name = "ada") {
  return createUser({ name, email: `${name}-${++made}-${Date.now()}@two-factor.test`, password: PASSWORD });
}

/** The credentials provider's authorize(), as next-auth calls it for the sign-in form. */
async function signIn(credentials: Record<string, string>, ip = "203.0.113.7"): Promise<{ ok: true } | { ok: false; error: string }> {
  const provider = authOptions.providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };
  };
  try {
    await provider.options.authorize(credentials, { headers: { "x-real-ip": ip, "user-agent": "vitest" } });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const events = async (userId: string) =>
  (await db.userAuditLog.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => ({
    action: e.action,
    details: JSON.parse(e.details) as Record<string, unknown>,
  }));

describe("turning two-factor on", () => {
  it("stores nothing until a code confirms the secret, then stores it sealed with ten hashed recovery codes, audited", async () => {
    const ada = await user();
    const actor = actorFor(ada);
    const setup = await startTwoFactorSetup(actor);
    const secret = setup.secret.replace(/\s/g, "");
    expect(setup.secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(setup.otpauthUri).toContain(`secret=${secret}`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrDataUrl.split(",")[1], "base64").toString()).toContain("<svg");
    expect(setup.setupToken).not.toContain(secret);
    expect(await db.user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });

    await expect(confirmTwoFactorSetup(actor, { setupToken: setup.setupToken, code: "000000" === totpCode(secret) ? "111111" : "000000" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { code: expect.stringMatching(/didn't match/) },
    });
    expect((await getTwoFactorStatus(ada.id)).enabled).toBe(false);

    const { recoveryCodes } = await confirmTwoFactorSetup(actor, { setupToken: setup.setupToken, code: totpCode(secret) });
    expect(recoveryCodes).toHaveLength(10);
    const row = await db.user.findUniqueOrThrow({ where: { id: ada.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecret).not.toContain(secret);
    expect(unseal(row.totpSecret!, storedSecretContext(ada.id))).toBe(secret);
    const stored = await db.recoveryCode.findMany({ where: { userId: ada.id } });
    expect(stored.map((c) => c.codeHash).sort()).toEqual(recoveryCodes.map((c) => hashRecoveryCode(ada.id, c)).sort());
    expect(await events(ada.id)).toEqual([{ action: "two_factor.enabled", details: { recoveryCodes: 10 } }]);
    expect(await getTwoFactorStatus(ada.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10, hasPassword: true, requiredBy: [] });

    // Once on, neither a new setup nor a replay of this one is accepted.
    await expect(startTwoFactorSetup(actor)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(confirmTwoFactorSetup(actor, { setupToken: setup.setupToken, code: totpCode(secret, Date.now() + 30_000) })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses another user's setup token, and one past its 30 minutes", async () => {
    const [ada, bob] = [await user(), await user("bob")];
    const setup = await startTwoFactorSetup(actorFor(ada));
    const code = totpCode(setup.secret.replace(/\s/g, ""));
    await expect(confirmTwoFactorSetup(actorFor(bob), { setupToken: setup.setupToken, code })).rejects.toMatchObject({ code: "INVALID", message: /expired/ });
    const later = new Date(Date.now() + SETUP_TTL_MS + 1000);
    await expect(confirmTwoFactorSetup(actorFor(ada), { setupToken: setup.setupToken, code: totpCode(setup.secret.replace(/\s/g, ""), later.getTime()) }, later)).rejects.toMatchObject({ message: /expired/ });
    expect((await db.user.findUniqueOrThrow({ where: { id: bob.id } })).totpEnabledAt).toBeNull();
  });
});

describe("signing in with two-factor", () => {
  it("asks for the code only after a right password, and creates the session only after a right code", async () => {
    const ada = await user();
    const { secret } = await turnOnTwoFactor(ada);
    const sessions = () => db.userSession.count({ where: { userId: ada.id } });

    // A wrong password says nothing about two-factor, with or without a code.
    expect(await signIn({ email: ada.email, password: "wrong" })).toEqual({ ok: false, error: INVALID_CREDENTIALS });
    expect(await signIn({ email: ada.email, password: "wrong", code: totpCode(secret) })).toEqual({ ok: false, error: INVALID_CREDENTIALS });
    expect(await signIn({ email: ada.email, password: PASSWORD })).toEqual({ ok: false, error: TWO_FACTOR_REQUIRED });
    expect(await signIn({ email: ada.email, password: PASSWORD, code: "   " })).toEqual({ ok: false, error: TWO_FACTOR_REQUIRED });
    const code = totpCode(secret);
    const wrong = code === "123456" ? "654321" : "123456";
    expect(await signIn({ email: ada.email, password: PASSWORD, code: wrong })).toEqual({ ok: false, error: WRONG_CODE });
    expect(await sessions()).toBe(0);

    expect(await signIn({ email: ada.email, password: PASSWORD, code })).toEqual({ ok: true });
    expect(await sessions()).toBe(1);
    expect((await events(ada.id)).at(-1)).toEqual({ action: "session.created", details: { method: "password", secondFactor: "totp" } });

    // The same code, seen over a shoulder, does not work a second time.
    expect(await signIn({ email: ada.email, password: PASSWORD, code }, "198.51.100.1")).toEqual({ ok: false, error: WRONG_CODE });
    expect(await sessions()).toBe(1);
  });

  it("takes each recovery code once, and audits how many are left", async () => {
    const ada = await user();
    const { recoveryCodes } = await turnOnTwoFactor(ada);
    expect(await signIn({ email: ada.email, password: PASSWORD, code: recoveryCodes[3].toUpperCase() })).toEqual({ ok: true });
    expect((await events(ada.id)).slice(-2)).toEqual([
      { action: "two_factor.recovery_code_used", details: { remaining: 9, purpose: "sign_in" } },
      { action: "session.created", details: { method: "password", secondFactor: "recovery_code" } },
    ]);
    expect(await signIn({ email: ada.email, password: PASSWORD, code: recoveryCodes[3] })).toEqual({ ok: false, error: WRONG_CODE });
    expect(await signIn({ email: ada.email, password: PASSWORD, code: recoveryCodes[4] })).toEqual({ ok: true });
    expect((await getTwoFactorStatus(ada.id)).recoveryCodesLeft).toBe(8);
    // Another account's code is nobody's code here.
    const bob = await user("bob");
    const bobs = await turnOnTwoFactor(bob);
    expect(await signIn({ email: ada.email, password: PASSWORD, code: bobs.recoveryCodes[0] })).toEqual({ ok: false, error: WRONG_CODE });
    expect(await db.userSession.count({ where: { userId: ada.id } })).toBe(2);
  });

  it("accounts without two-factor sign in as before", async () => {
    const ada = await user();
    expect(await signIn({ email: ada.email, password: PASSWORD })).toEqual({ ok: true });
    expect((await events(ada.id)).at(-1)).toEqual({ action: "session.created", details: { method: "password" } });
  });

  it("throttles wrong codes per account: 5 in 15 minutes, from any address", async () => {
    const limiter = new DbLimiter();
    const now = Date.UTC(2026, 11, 2, 12, 1, 0);
    const attempt = () => admitCodeAttempt("user-throttled", { limiter, now });
    for (let i = 0; i < TWO_FACTOR_CODE_LIMIT.limit - 1; i++) await attempt();
    // A right code gives its charge back…
    await (await attempt()).succeeded();
    await attempt();
    // …but five wrong ones lock the account's code step until the window ends.
    await expect(attempt()).rejects.toMatchObject({ code: "RATE_LIMITED", message: /Too many wrong codes\. Try again in 14 minutes\./ });
    await expect(admitCodeAttempt("user-throttled", { limiter, now: now + 14 * 60_000 })).resolves.toBeDefined();
    await expect(admitCodeAttempt("another-user", { limiter, now })).resolves.toBeDefined();
  });

  it("refuses even the right code once the account's allowance is used up", { timeout: 60_000 }, async () => {
    // Stay clear of a window boundary, which would reset the count midway.
    const left = TWO_FACTOR_CODE_LIMIT.windowMs - (Date.now() % TWO_FACTOR_CODE_LIMIT.windowMs);
    if (left < 20_000) await new Promise((r) => setTimeout(r, left + 100));
    const ada = await user();
    const { secret } = await turnOnTwoFactor(ada);
    const code = totpCode(secret);
    const wrong = code === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++) expect(await signIn({ email: ada.email, password: PASSWORD, code: wrong }, `198.51.100.${i}`)).toEqual({ ok: false, error: WRONG_CODE });
    expect(await signIn({ email: ada.email, password: PASSWORD, code })).toEqual({ ok: false, error: expect.stringMatching(/^Too many wrong codes\./) });
    expect(await db.userSession.count({ where: { userId: ada.id } })).toBe(0);
  });
});

describe("turning two-factor off and new recovery codes", () => {
  it("needs the password and a current code; either alone changes nothing", async () => {
    const ada = await user();
    const { secret, actor } = await turnOnTwoFactor(ada);
    const code = totpCode(secret);
    const wrong = code === "123456" ? "654321" : "123456";
    await expect(disableTwoFactor(actor, { code })).rejects.toMatchObject({ fieldErrors: { password: "Enter your password." } });
    await expect(disableTwoFactor(actor, { password: "not it", code })).rejects.toMatchObject({ fieldErrors: { password: "Incorrect password." } });
    await expect(disableTwoFactor(actor, { password: PASSWORD, code: wrong })).rejects.toMatchObject({ fieldErrors: { code: WRONG_CODE } });
    await expect(disableTwoFactor(actor, { password: PASSWORD, code: "" })).rejects.toMatchObject({ code: "INVALID" });
    expect((await getTwoFactorStatus(ada.id)).enabled).toBe(true);

    await disableTwoFactor(actor, { password: PASSWORD, code });
    expect(await db.user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db.recoveryCode.count({ where: { userId: ada.id } })).toBe(0);
    expect((await events(ada.id)).at(-1)).toEqual({ action: "two_factor.disabled", details: { confirmedWith: "totp" } });
    await expect(disableTwoFactor(actor, { password: PASSWORD, code })).rejects.toMatchObject({ code: "CONFLICT" });
    // And signing in asks for nothing more.
    expect(await signIn({ email: ada.email, password: PASSWORD })).toEqual({ ok: true });
  });

  it("takes a recovery code instead of the app's code", async () => {
    const ada = await user();
    const { recoveryCodes, actor } = await turnOnTwoFactor(ada);
    await disableTwoFactor(actor, { password: PASSWORD, code: recoveryCodes[0] });
    expect((await events(ada.id)).slice(-2).map((e) => e.action)).toEqual(["two_factor.recovery_code_used", "two_factor.disabled"]);
  });

  it("asks a single-sign-on account (no password) for a code only", async () => {
    const sso = await user("sso");
    await db.user.update({ where: { id: sso.id }, data: { passwordHash: "" } });
    const { secret, actor } = await turnOnTwoFactor(sso);
    expect((await getTwoFactorStatus(sso.id)).hasPassword).toBe(false);
    await disableTwoFactor(actor, { code: totpCode(secret) });
    expect((await getTwoFactorStatus(sso.id)).enabled).toBe(false);
  });

  it("makes ten new recovery codes with password and code; the old ones stop working", async () => {
    const ada = await user();
    const { secret, recoveryCodes: old, actor } = await turnOnTwoFactor(ada);
    await expect(regenerateRecoveryCodes(actor, { password: "not it", code: totpCode(secret) })).rejects.toMatchObject({ fieldErrors: { password: "Incorrect password." } });
    const { recoveryCodes } = await regenerateRecoveryCodes(actor, { password: PASSWORD, code: totpCode(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.some((c) => old.includes(c))).toBe(false);
    expect((await events(ada.id)).at(-1)).toEqual({ action: "two_factor.recovery_codes_regenerated", details: { replaced: 10, confirmedWith: "totp" } });
    expect(await signIn({ email: ada.email, password: PASSWORD, code: old[0] })).toEqual({ ok: false, error: WRONG_CODE });
    expect(await signIn({ email: ada.email, password: PASSWORD, code: recoveryCodes[0] })).toEqual({ ok: true });
  });

  it("never writes a secret or a code into the audit trail", async () => {
    const ada = await user();
    const { secret, recoveryCodes, actor } = await turnOnTwoFactor(ada);
    await signIn({ email: ada.email, password: PASSWORD, code: recoveryCodes[1] });
    await regenerateRecoveryCodes(actor, { password: PASSWORD, code: totpCode(secret) });
    const trail = JSON.stringify(await db.userAuditLog.findMany({ where: { userId: ada.id } }));
    for (const needle of [secret, ...recoveryCodes, PASSWORD]) expect(trail).not.toContain(needle);
  });
});
