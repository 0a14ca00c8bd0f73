import { describe, expect, it, vi } from "vitest";
import { emailVerificationRequired, passwordResetLimitsFromEnv } from "./config";

describe("account settings", () => {
  it("REQUIRE_EMAIL_VERIFICATION is on unless it says false; anything else keeps it on, with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(emailVerificationRequired({})).toBe(true);
    expect(emailVerificationRequired({ REQUIRE_EMAIL_VERIFICATION: "true" })).toBe(true);
    expect(emailVerificationRequired({ REQUIRE_EMAIL_VERIFICATION: " FALSE " })).toBe(false);
    expect(emailVerificationRequired({ REQUIRE_EMAIL_VERIFICATION: "no" })).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('REQUIRE_EMAIL_VERIFICATION must be "true" or "false", got "no"'));
    warn.mockRestore();
  });

  it("password reset requests: 5 an hour per address, 20 an hour per client network (PASSWORD_RESET_LIMIT_PER_IP)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(passwordResetLimitsFromEnv({})).toEqual({ perEmailPerHour: 5, perIpPerHour: 20 });
    expect(passwordResetLimitsFromEnv({ PASSWORD_RESET_LIMIT_PER_IP: "100" })).toEqual({ perEmailPerHour: 5, perIpPerHour: 100 });
    expect(passwordResetLimitsFromEnv({ PASSWORD_RESET_LIMIT_PER_IP: "-3" })).toEqual({ perEmailPerHour: 5, perIpPerHour: 20 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("PASSWORD_RESET_LIMIT_PER_IP must be a positive whole number"));
    warn.mockRestore();
  });
});
