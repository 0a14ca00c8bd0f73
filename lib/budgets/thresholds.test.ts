import { describe, expect, it } from "vitest";
import { budgetLevel, crossedThresholds, MAX_EMAIL_ATTEMPTS, nextAttemptAt, percentUsed } from "./thresholds";

describe("crossedThresholds", () => {
  it("counts a threshold as crossed from exactly its share of the budget, in integers", () => {
    expect(crossedThresholds(49_999_999, 100_000_000, [50, 80, 100])).toEqual([]);
    expect(crossedThresholds(50_000_000, 100_000_000, [100, 50, 80])).toEqual([50]);
    expect(crossedThresholds(100_000_000, 100_000_000, [50, 80, 100])).toEqual([50, 80, 100]);
    // 1/3 of a budget of 3 micro-dollars: a float would say 33.333… %.
    expect(crossedThresholds(1, 3, [33, 34])).toEqual([33]);
    expect(crossedThresholds(0, 100, [1])).toEqual([]);
  });
});

describe("budgetLevel and percentUsed", () => {
  it("warns from 80 % and is over from 100 %; per cent rounds down", () => {
    expect(budgetLevel(79, 100)).toBe("ok");
    expect(budgetLevel(80, 100)).toBe("warning");
    expect(budgetLevel(99, 100)).toBe("warning");
    expect(budgetLevel(100, 100)).toBe("over");
    expect(percentUsed(999_999, 1_000_000)).toBe(99);
  });
});

describe("nextAttemptAt", () => {
  it("retries at once, then after 1 min, 5 min, 30 min and 2 h, then never", () => {
    expect([0, 1, 2, 3, 4].map((n) => nextAttemptAt(1000, n))).toEqual([1000, 61_000, 301_000, 1_801_000, 7_201_000]);
    expect(nextAttemptAt(1000, MAX_EMAIL_ATTEMPTS)).toBeNull();
  });
});
