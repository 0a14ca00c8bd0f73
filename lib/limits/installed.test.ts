import { afterEach, describe, expect, it } from "vitest";
import { signInThrottle, signUpThrottle } from "../auth/throttles";
import { invitationLimiter } from "../invitations/limits";
import { DbLimiter } from "./db-limiter";
import { installLimiters, installedLowRateLimiter, uninstallLimiters } from "./installed";
import { MemoryLimiter } from "./memory-limiter";

afterEach(() => uninstallLimiters());

describe("installed limiters", () => {
  it("without an installed set, sign-in, sign-up and invitations count in the database", () => {
    expect(installedLowRateLimiter()).toBeUndefined();
    expect(invitationLimiter()).toBeInstanceOf(DbLimiter);
  });

  it("the limiter the server installs is the one sign-up, sign-in and invitations charge", async () => {
    const installed = new MemoryLimiter();
    installLimiters({ lowRate: installed });
    expect(invitationLimiter()).toBe(installed);

    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    await signUpThrottle().admit(ip);
    expect((await installed.peek(`sign-up:hour:${ip}`, { limit: 5, windowMs: 60 * 60_000 })).remaining).toBe(4);
    // The database counter saw nothing of it.
    expect((await new DbLimiter().peek(`sign-up:hour:${ip}`, { limit: 5, windowMs: 60 * 60_000 })).remaining).toBe(5);

    await signInThrottle().admit("someone@example.test", ip);
    expect((await installed.peek(`sign-in:ip:${ip}`, { limit: 30, windowMs: 15 * 60_000 })).remaining).toBe(29);
  });

  it("a newly installed limiter replaces the throttles built on the previous one", async () => {
    installLimiters({ lowRate: new MemoryLimiter() });
    const before = signUpThrottle();
    installLimiters({ lowRate: new MemoryLimiter() });
    expect(signUpThrottle()).not.toBe(before);
    expect(signUpThrottle()).toBe(signUpThrottle());
  });
});
