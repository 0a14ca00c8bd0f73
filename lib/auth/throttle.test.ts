import { describe, expect, it } from "vitest";
import { db } from "../db";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  recordSignInAttempt,
  SLOWDOWN_AFTER,
  THROTTLE_WINDOW_MS,
  throttleFor,
  throttleSignIn,
} from "./throttle";
import { authenticate, createUser, INVALID_CREDENTIALS } from "./users";

const NOW = Date.UTC(2026, 0, 1, 12);
const ago = (ms: number) => new Date(NOW - ms);
const minutes = (n: number) => n * 60_000;

describe("throttleFor (pure)", () => {
  it("lets the first failures through without delay", () => {
    expect(throttleFor([], 8, NOW)).toEqual({ delayMs: 0, lockedForMs: 0 });
    const early = Array.from({ length: SLOWDOWN_AFTER - 1 }, (_, i) => ago(minutes(i + 1)));
    expect(throttleFor(early, 8, NOW)).toEqual({ delayMs: 0, lockedForMs: 0 });
  });

  it("slows down step by step after a few failures, capped at 3 seconds", () => {
    const fails = (n: number) => Array.from({ length: n }, (_, i) => ago(1000 * (i + 1)));
    expect(throttleFor(fails(3), 100, NOW).delayMs).toBe(500);
    expect(throttleFor(fails(4), 100, NOW).delayMs).toBe(1000);
    expect(throttleFor(fails(7), 100, NOW).delayMs).toBe(2500);
    expect(throttleFor(fails(20), 100, NOW).delayMs).toBe(3000);
  });

  it("locks at the limit until the oldest counted failure leaves the window", () => {
    const failures = Array.from({ length: 8 }, (_, i) => ago(minutes(10 - i)));
    const state = throttleFor(failures, 8, NOW);
    expect(state.delayMs).toBe(0);
    // Oldest failure was 10 minutes ago; the window is 15 minutes.
    expect(state.lockedForMs).toBe(minutes(5));
  });

  it("with more failures than the limit, waits for enough of them to expire", () => {
    const failures = [ago(minutes(12)), ...Array.from({ length: 8 }, (_, i) => ago(minutes(8 - i)))];
    // 9 failures, limit 8: unlocked once 2 have left, i.e. when the one from 8 minutes ago expires.
    expect(throttleFor(failures, 8, NOW).lockedForMs).toBe(minutes(7));
  });

  it("ignores failures outside the window and sorts whatever order it is given", () => {
    const old = Array.from({ length: 20 }, () => ago(THROTTLE_WINDOW_MS + 1));
    expect(throttleFor(old, 8, NOW)).toEqual({ delayMs: 0, lockedForMs: 0 });
    const shuffled = [ago(minutes(1)), ago(minutes(14)), ago(minutes(3))];
    expect(throttleFor(shuffled, 3, NOW).lockedForMs).toBe(minutes(1));
  });
});

/**
 * Runs `write` while another request's transaction is open and then rolls
 * back. SQLite has one connection here: a write that does not queue for the
 * transaction lock lands inside the other transaction and vanishes with it.
 */
async function duringRolledBackTransaction(write: () => Promise<unknown>): Promise<void> {
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
  const pending = write();
  // A write that waits its turn cannot finish while the transaction is open: end it after a while.
  await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1500))]);
  release();
  await other;
  await pending;
}

describe("sign-in throttling against the database", () => {
  it("keeps a failed attempt when another request's transaction rolls back meanwhile", async () => {
    await duringRolledBackTransaction(() => recordSignInAttempt("racer@example.test", "203.0.113.9", false));
    expect(await db.signInAttempt.count({ where: { email: "racer@example.test", success: false } })).toBe(1);
  });

  it("locks an account after 8 failures, even against parallel guesses and the right password", async () => {
    const user = await createUser({ name: "Target", email: "target@example.test", password: "correct horse battery" });
    const guesses = Array.from({ length: MAX_FAILURES_PER_ACCOUNT + 2 }, (_, i) =>
      authenticate({ email: user.email, password: `guess-${i}` }, "10.0.0.1").then(
        () => "signed in",
        (e: { code: string; message: string }) => e.code,
      ),
    );
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((o) => o === "UNAUTHENTICATED")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(outcomes.filter((o) => o === "RATE_LIMITED")).toHaveLength(2);

    await expect(authenticate({ email: "TARGET@example.test", password: "correct horse battery" }, "10.0.0.2")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many failed sign-in attempts. Try again in 15 minutes.",
    });
  }, 30_000);

  it("a successful sign-in clears the account's failures", async () => {
    const user = await createUser({ name: "Forgetful", email: "forgetful@example.test", password: "remembered at last" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await recordSignInAttempt(user.email, "10.0.1.1", false);

    await expect(authenticate({ email: user.email, password: "remembered at last" }, "10.0.1.1")).resolves.toMatchObject({ id: user.id });
    expect(await db.signInAttempt.count({ where: { email: user.email, success: false } })).toBe(0);

    // Had the 7 failures stayed, the 8th would lock the account and the 9th attempt be refused.
    for (let i = 0; i < 2; i++) {
      await expect(authenticate({ email: user.email, password: "wrong again" }, "10.0.1.1")).rejects.toMatchObject({
        message: INVALID_CREDENTIALS,
      });
    }
  }, 30_000);

  it("locks an IP that fails across many accounts", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await recordSignInAttempt(`spray-${i}@example.test`, "10.0.2.1", false);
    await expect(throttleSignIn("someone-new@example.test", "10.0.2.1")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(throttleSignIn("someone-new@example.test", "10.0.2.2")).resolves.toBeUndefined();
  });
});
