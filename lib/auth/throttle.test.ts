import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { DbLimiter } from "../limits/db-limiter";
import { signInLimitsFromEnv } from "./limits-config";
import { emailAccountUnderAttack } from "./sign-in-alert";
import { hasSignedInFrom, recordSignIn } from "./sign-in-log";
import { DEFAULT_SIGN_IN_LIMITS, SignInThrottle, slowDownMs, type SignInLimits } from "./throttle";
import { authenticate, createUser, INVALID_CREDENTIALS } from "./users";

// Pinned a minute into a 15-minute window, so no test straddles a window boundary.
const NOW = Date.UTC(2026, 0, 1, 12, 1);
let run = 0;

/** A throttle as the app builds it, with its own clock; each call is a separate "process" with its own limiter. */
function throttle(limits: Partial<SignInLimits> = {}, extra: { sleep?: (ms: number) => Promise<void> } = {}) {
  return new SignInThrottle({
    limiter: new DbLimiter(),
    limits: { ...DEFAULT_SIGN_IN_LIMITS, ...limits },
    isKnownAddress: hasSignedInFrom,
    alertAccountOwner: emailAccountUnderAttack,
    clock: () => NOW,
    sleep: extra.sleep ?? (async () => {}),
  });
}

const unique = (who: string) => `${who}-${run++}-${Math.random().toString(36).slice(2, 8)}@example.test`;
const outcome = (attempt: Promise<unknown>) =>
  attempt.then(
    () => "signed in",
    (e: { code: string }) => e.code,
  );
const count = (outcomes: string[], code: string) => outcomes.filter((o) => o === code).length;

describe("slowDownMs (pure)", () => {
  it("lets the first failures through, then adds half a second per failure, capped at 3 seconds", () => {
    expect([0, 1, 2].map((n) => slowDownMs(n, 3))).toEqual([0, 0, 0]);
    expect([3, 4, 7, 20].map((n) => slowDownMs(n, 3))).toEqual([500, 1000, 2500, 3000]);
  });
});

describe("sign-in limits from the environment", () => {
  it("defaults to 30 per address, 8 per account and address, 100 per account", () => {
    expect(signInLimitsFromEnv({})).toEqual({ perIp: 30, perAccountAndIp: 8, perAccount: 100, slowDownAfter: 3 });
    expect(signInLimitsFromEnv({ SIGN_IN_MAX_FAILURES_PER_IP: "500" }).perIp).toBe(500);
  });

  it("refuses a value that is not a positive whole number", () => {
    expect(() => signInLimitsFromEnv({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "lots" })).toThrow(
      'SIGN_IN_MAX_FAILURES_PER_ACCOUNT must be a positive whole number, got "lots"',
    );
    expect(() => signInLimitsFromEnv({ SIGN_IN_MAX_FAILURES_PER_IP: "0" })).toThrow();
  });
});

describe("recordSignIn", () => {
  it("keeps the record when another request's transaction rolls back meanwhile", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const other = db
      .$transaction(async (tx) => {
        await tx.user.count();
        await gate;
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const pending = recordSignIn("racer@example.test", "203.0.113.9");
    // A write that waits its turn cannot finish while the transaction is open: end it after a while.
    await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1500))]);
    release();
    await other;
    await pending;
    expect(await hasSignedInFrom("racer@example.test", "203.0.113.9")).toBe(true);
  });

  it("keeps one row per account and address, and forgets addresses after 90 days", async () => {
    const email = unique("log");
    const long = new Date(Date.now() - 91 * 24 * 60 * 60 * 1000);
    await recordSignIn(email, "198.51.100.1", long);
    await recordSignIn(email, "198.51.100.2");
    await recordSignIn(email, "198.51.100.2");
    expect(await db.signInAttempt.findMany({ where: { email }, select: { ip: true } })).toEqual([{ ip: "198.51.100.2" }]);
  });
});

describe("sign-in throttling", () => {
  it("checks at most 30 of 150 parallel guesses from one address against different accounts, across two processes", async () => {
    const [a, b] = [throttle(), throttle()];
    const guesses = Array.from({ length: 150 }, (_, i) =>
      outcome(authenticate({ email: unique(`spray${i}`), password: "Winter2026!" }, "10.0.2.1", i % 2 ? a : b)),
    );
    const outcomes = await Promise.all(guesses);
    expect(count(outcomes, "UNAUTHENTICATED")).toBe(30);
    expect(count(outcomes, "RATE_LIMITED")).toBe(120);
    // Another address is not affected.
    await expect(authenticate({ email: unique("other"), password: "x" }, "10.0.2.2", a)).rejects.toMatchObject({ message: INVALID_CREDENTIALS });
  }, 60_000);

  it("an attacker's failures from one address do not lock the owner out from theirs", async () => {
    const t = throttle();
    const user = await createUser({ name: "Target", email: unique("target"), password: "correct horse battery" });
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => outcome(authenticate({ email: user.email, password: `guess-${i}` }, "10.0.0.66", t))),
    );
    expect(count(guesses, "UNAUTHENTICATED")).toBe(8);
    expect(count(guesses, "RATE_LIMITED")).toBe(2);
    // Even the right password is refused from the attacker's address...
    await expect(authenticate({ email: user.email, password: "correct horse battery" }, "10.0.0.66", t)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many failed sign-in attempts. Try again in 14 minutes.",
    });
    // ...but the owner signs in from their own.
    await expect(authenticate({ email: user.email.toUpperCase(), password: "correct horse battery" }, "10.0.0.7", t)).resolves.toMatchObject({
      id: user.id,
    });
  }, 30_000);

  it("a try refused for one account does not use up the address's allowance for other accounts", async () => {
    const t = throttle({ perIp: 10 });
    const email = unique("typo");
    for (let i = 0; i < 8; i++) await outcome(authenticate({ email, password: "wrong" }, "10.0.3.1", t));
    const refused = await Promise.all(Array.from({ length: 5 }, () => outcome(authenticate({ email, password: "wrong" }, "10.0.3.1", t))));
    expect(refused).toEqual(Array(5).fill("RATE_LIMITED"));
    // 8 failures counted against the address, not 13: a colleague on the same network can still try.
    await expect(authenticate({ email: unique("colleague"), password: "x" }, "10.0.3.1", t)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  }, 30_000);

  it("successful sign-ins do not count as failures, and forgive that address's earlier typos", async () => {
    const t = throttle({ perIp: 3 });
    const user = await createUser({ name: "Forgetful", email: unique("forgetful"), password: "remembered at last" });
    for (let i = 0; i < 5; i++) await authenticate({ email: user.email, password: "remembered at last" }, "10.0.1.1", t);

    const u = throttle({ perAccountAndIp: 3 });
    for (let i = 0; i < 2; i++) await outcome(authenticate({ email: user.email, password: "wrong" }, "10.0.1.2", u));
    await authenticate({ email: user.email, password: "remembered at last" }, "10.0.1.2", u);
    // Had the 2 typos stayed, the second of these would be refused.
    for (let i = 0; i < 2; i++) {
      await expect(authenticate({ email: user.email, password: "wrong again" }, "10.0.1.2", u)).rejects.toMatchObject({
        message: INVALID_CREDENTIALS,
      });
    }
  }, 30_000);

  it("slows down repeated failures for one account from one address", async () => {
    const delays: number[] = [];
    const t = throttle({}, { sleep: async (ms) => void delays.push(ms) });
    const email = unique("slow");
    for (let i = 0; i < 6; i++) await outcome(authenticate({ email, password: "wrong" }, "10.0.4.1", t));
    expect(delays).toEqual([500, 1000, 1500]);
    // A different account from the same address starts afresh.
    await outcome(authenticate({ email: unique("fresh"), password: "wrong" }, "10.0.4.1", t));
    expect(delays).toHaveLength(3);
  }, 30_000);
});

describe("the account-wide limit", () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await smtp.close();
  });

  it("pauses new addresses, not ones the owner used before, and emails the owner once", async () => {
    const t = throttle({ perAccount: 5 });
    const user = await createUser({ name: "Owner", email: unique("owner"), password: "correct horse battery" });
    await authenticate({ email: user.email, password: "correct horse battery" }, "192.0.2.10", t);

    // A guesser with many addresses, each under the per-address limit.
    for (let i = 0; i < 5; i++) {
      await expect(authenticate({ email: user.email, password: `guess-${i}` }, `198.51.100.${i}`, t)).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    for (let i = 5; i < 8; i++) {
      await expect(authenticate({ email: user.email, password: "correct horse battery" }, `198.51.100.${i}`, t)).rejects.toMatchObject({
        code: "RATE_LIMITED",
        message: expect.stringContaining("Sign-in to this account is paused after many failed attempts. Try again in 14 minutes."),
      });
    }
    // The owner, from home.
    await expect(authenticate({ email: user.email, password: "correct horse battery" }, "192.0.2.10", t)).resolves.toMatchObject({ id: user.id });

    await vi.waitFor(() => expect(smtp.messages).toHaveLength(1));
    const [mail] = smtp.messages;
    expect(mail.to).toEqual([user.email]);
    expect(mail.body).toContain("more than 5 times in the last 15 minutes");
    expect(mail.body).toContain("paused until 12:15 UTC");
    expect(mail.body).not.toMatch(/198\.51\.100|guess-/);
    // Once, not per refusal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
  }, 30_000);

  it("counts an email with no account like any other and sends nothing", async () => {
    const t = throttle({ perAccount: 2 });
    const email = unique("ghost");
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await outcome(authenticate({ email, password: "x" }, `203.0.113.${i}`, t)));
    expect(outcomes).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED", "RATE_LIMITED"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(0);
  }, 30_000);
});
