import { describe, expect, it } from "vitest";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import { signUpLimitsFromEnv } from "./limits-config";
import { SignUpThrottle } from "./sign-up-throttle";
import { signUpFrom } from "./users";

const HOUR = 60 * 60 * 1000;
// Ten minutes into a UTC day and hour.
const DAY_START = Date.UTC(2026, 0, 1, 0, 10);
let seq = 0;
const form = (who = "someone") => ({ name: "New User", email: `${who}-${seq++}@example.test`, password: "long enough password" });

function throttleAt(clock: { now: number }) {
  return new SignUpThrottle({ limiter: new DbLimiter(), limits: signUpLimitsFromEnv({}), clock: () => clock.now });
}

describe("sign-up throttling per address", () => {
  it("defaults to 5 an hour and 20 a day, configurable", () => {
    expect(signUpLimitsFromEnv({})).toEqual({ perHour: 5, perDay: 20 });
    expect(signUpLimitsFromEnv({ SIGN_UP_LIMIT_PER_HOUR: "50", SIGN_UP_LIMIT_PER_DAY: "500" })).toEqual({ perHour: 50, perDay: 500 });
    expect(() => signUpLimitsFromEnv({ SIGN_UP_LIMIT_PER_DAY: "-1" })).toThrow("SIGN_UP_LIMIT_PER_DAY must be a positive whole number");
  });

  it("creates 5 of 30 parallel sign-ups from one address and tells the rest when to come back", async () => {
    const throttle = throttleAt({ now: DAY_START });
    const attempts = Array.from({ length: 30 }, () => signUpFrom("10.9.0.1", form("burst"), throttle).then(() => "created", (e) => e));
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === "created")).toHaveLength(5);
    const refused = outcomes.filter((o) => o !== "created");
    expect(refused).toHaveLength(25);
    expect(refused[0]).toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many accounts have been created from your network. Try again in 50 minutes.",
    });
    expect(await db.user.count({ where: { email: { startsWith: "burst-" } } })).toBe(5);
    // Another address is not affected.
    await expect(signUpFrom("10.9.0.2", form(), throttle)).resolves.toMatchObject({ next: "check-email" });
  }, 60_000);

  it("counts an IPv6 client per /64, so rotating addresses within its prefix does not help", async () => {
    const throttle = throttleAt({ now: DAY_START });
    for (let i = 1; i <= 5; i++) await signUpFrom(`2001:db8:7:7::${i.toString(16)}`, form("v6"), throttle);
    await expect(signUpFrom("2001:db8:7:7:ffff::1", form("v6"), throttle)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(signUpFrom("2001:db8:7:8::1", form("v6"), throttle)).resolves.toMatchObject({ next: "check-email" });
  }, 60_000);

  it("allows 20 a day, spread over the hours", async () => {
    const clock = { now: DAY_START };
    const throttle = throttleAt(clock);
    for (let hour = 0; hour < 4; hour++) {
      clock.now = DAY_START + hour * HOUR;
      for (let i = 0; i < 5; i++) await signUpFrom("10.9.1.1", form("daily"), throttle);
    }
    clock.now = DAY_START + 5 * HOUR;
    await expect(signUpFrom("10.9.1.1", form("daily"), throttle)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many accounts have been created from your network. Try again in 19 hours.",
    });
  }, 60_000);

  it("counts an attempt on a taken email, but not a form with mistakes", async () => {
    const throttle = throttleAt({ now: DAY_START });
    const taken = form("taken");
    await signUpFrom("10.9.2.1", taken, throttle);
    for (let i = 0; i < 10; i++) {
      await expect(signUpFrom("10.9.2.1", { ...taken, password: "short" }, throttle)).rejects.toThrow();
    }
    // Answered like a new address (lib/account/sign-up.test.ts), and charged like one.
    for (let i = 0; i < 4; i++) await expect(signUpFrom("10.9.2.1", taken, throttle)).resolves.toEqual({ next: "check-email", email: taken.email });
    await expect(signUpFrom("10.9.2.1", form(), throttle)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 30_000);
});
