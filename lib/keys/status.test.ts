import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { expiryFrom, keyStatus, keyWorks } from "./status";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

function invalidField(fn: () => unknown): Record<string, string> | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID");
    return (error as AppError).fieldErrors;
  }
  throw new Error("expected INVALID");
}

describe("expiryFrom", () => {
  it("maps presets to exact durations from now, and never to null", () => {
    expect(expiryFrom("never", NOW)).toBeNull();
    expect(expiryFrom("30d", NOW)).toEqual(at(30 * DAY));
    expect(expiryFrom("90d", NOW)).toEqual(at(90 * DAY));
    expect(expiryFrom("180d", NOW)).toEqual(at(180 * DAY));
  });

  it("ignores a custom date unless the choice is custom", () => {
    expect(expiryFrom("never", NOW, "2020-01-01")).toBeNull();
    expect(expiryFrom("30d", NOW, "2020-01-01")).toEqual(at(30 * DAY));
  });

  it("accepts an ISO instant or a date-only value (end of that day, UTC) in the future", () => {
    expect(expiryFrom("custom", NOW, "2027-03-01T08:30:00.000Z")).toEqual(new Date("2027-03-01T08:30:00.000Z"));
    expect(expiryFrom("custom", NOW, "2026-11-22")).toEqual(new Date("2026-11-22T23:59:59.999Z"));
    expect(expiryFrom("custom", NOW, new Date("2028-01-01T00:00:00Z"))).toEqual(new Date("2028-01-01T00:00:00Z"));
  });

  it("refuses a missing, malformed, past or present custom date with a field error", () => {
    expect(invalidField(() => expiryFrom("custom", NOW))).toEqual({ customDate: "Pick a date." });
    expect(invalidField(() => expiryFrom("custom", NOW, ""))).toEqual({ customDate: "Pick a date." });
    expect(invalidField(() => expiryFrom("custom", NOW, "next tuesday"))).toEqual({ customDate: "Pick a valid date." });
    expect(invalidField(() => expiryFrom("custom", NOW, "2026-11-21"))).toEqual({
      customDate: "Pick a date in the future.",
    });
    expect(invalidField(() => expiryFrom("custom", NOW, NOW))).toEqual({ customDate: "Pick a date in the future." });
  });

  it("allows up to five years ahead and no further", () => {
    expect(expiryFrom("custom", NOW, at(5 * 365 * DAY))).toEqual(at(5 * 365 * DAY));
    expect(invalidField(() => expiryFrom("custom", NOW, at(5 * 365 * DAY + 1)))).toEqual({
      customDate: "Pick a date within 5 years.",
    });
  });
});

describe("keyStatus", () => {
  const key = (expiresAt: Date | null, revokedAt: Date | null = null) => ({ expiresAt, revokedAt });

  it("is active without expiry, or with expiry more than 7 days away", () => {
    expect(keyStatus(key(null), NOW)).toBe("active");
    expect(keyStatus(key(at(7 * DAY + 1)), NOW)).toBe("active");
  });

  it("is expiring within 7 days of expiry, expired at the instant itself", () => {
    expect(keyStatus(key(at(7 * DAY)), NOW)).toBe("expiring");
    expect(keyStatus(key(at(1)), NOW)).toBe("expiring");
    expect(keyStatus(key(NOW), NOW)).toBe("expired");
    expect(keyStatus(key(at(-DAY)), NOW)).toBe("expired");
  });

  it("is revoked from the revocation instant on, whatever the expiry", () => {
    expect(keyStatus(key(null, NOW), NOW)).toBe("revoked");
    expect(keyStatus(key(at(90 * DAY), at(-1)), NOW)).toBe("revoked");
    expect(keyStatus(key(at(-DAY), at(-2 * DAY)), NOW)).toBe("revoked");
  });

  it("is rotating while a future revocation is pending, then revoked", () => {
    const rotated = key(null, at(24 * 60 * 60 * 1000));
    expect(keyStatus(rotated, NOW)).toBe("rotating");
    expect(keyWorks(rotated, NOW)).toBe(true);
    expect(keyStatus(rotated, at(DAY - 1))).toBe("rotating");
    expect(keyStatus(rotated, at(DAY))).toBe("revoked");
    expect(keyWorks(rotated, at(DAY))).toBe(false);
  });

  it("reports expiry first when a key expires inside its rotation window", () => {
    const k = key(at(DAY), at(7 * DAY));
    expect(keyStatus(k, NOW)).toBe("rotating");
    expect(keyStatus(k, at(DAY))).toBe("expired");
    expect(keyWorks(k, at(DAY))).toBe(false);
  });

  it("only lets working states through keyWorks", () => {
    expect(keyWorks(key(null), NOW)).toBe(true);
    expect(keyWorks(key(at(DAY)), NOW)).toBe(true);
    expect(keyWorks(key(at(-1)), NOW)).toBe(false);
    expect(keyWorks(key(null, NOW), NOW)).toBe(false);
  });
});
