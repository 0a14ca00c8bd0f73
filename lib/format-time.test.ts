import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatRelative } from "./format-time";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const rel = (ms: number) => formatRelative(new Date(NOW.getTime() + ms), NOW);

describe("formatRelative", () => {
  it("says never (or the given fallback) for a missing date", () => {
    expect(formatRelative(null, NOW)).toBe("never");
    expect(formatRelative(undefined, NOW, "—")).toBe("—");
  });

  it("says just now within a minute either way", () => {
    expect(rel(0)).toBe("just now");
    expect(rel(59 * 1000)).toBe("just now");
    expect(rel(-59 * 1000)).toBe("just now");
  });

  it("counts minutes, hours and days, rounding down", () => {
    expect(rel(-5 * MIN)).toBe("5 minutes ago");
    expect(rel(90 * MIN)).toBe("in 1 hour");
    expect(rel(-23 * HOUR - 59 * MIN)).toBe("23 hours ago");
    expect(rel(-DAY)).toBe("1 day ago");
    // A 30-day key created a moment ago.
    expect(rel(30 * DAY - 5000)).toBe("in 29 days");
    expect(rel(44 * DAY)).toBe("in 44 days");
  });

  it("switches to rounded months after 45 days and to years after one", () => {
    expect(rel(90 * DAY - 5000)).toBe("in 3 months");
    expect(rel(180 * DAY)).toBe("in 6 months");
    expect(rel(-400 * DAY)).toBe("1 year ago");
    expect(rel(5 * 365 * DAY)).toBe("in 5 years");
  });

  it("accepts ISO strings", () => {
    expect(formatRelative("2026-11-22T15:00:00.000Z", NOW)).toBe("in 3 hours");
  });
});

describe("formatDateTime / formatDate", () => {
  it("prints UTC by default so server and browser agree", () => {
    expect(formatDateTime(NOW)).toBe("Nov 22, 2026, 12:00 UTC");
    expect(formatDateTime("2026-01-05T03:07:00.000Z")).toBe("Jan 5, 2026, 03:07 UTC");
    expect(formatDate(NOW)).toBe("Nov 22, 2026");
  });

  it("localises when given a time zone", () => {
    expect(formatDateTime(NOW, "Asia/Tokyo")).toBe("Nov 22, 2026, 21:00 GMT+9");
  });
});
