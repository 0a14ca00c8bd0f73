import { describe, expect, it } from "vitest";
import { rollupRow } from "./series";
import { budgetProgress, pricedAtFallback, spendByModel } from "./spend";

describe("budgetProgress", () => {
  it("turns to warning at 80 % and over at 100 %, exactly at the boundaries", () => {
    expect(budgetProgress(79_999, 100_000)!.level).toBe("ok");
    expect(budgetProgress(80_000, 100_000)!.level).toBe("warning");
    expect(budgetProgress(99_999, 100_000)!.level).toBe("warning");
    expect(budgetProgress(100_000, 100_000)).toMatchObject({ level: "over", ratio: 1, remainingMicros: 0 });
    expect(budgetProgress(150_000, 100_000)).toMatchObject({ level: "over", ratio: 1.5, remainingMicros: 0 });
    expect(budgetProgress(25_000, 100_000)).toMatchObject({ level: "ok", ratio: 0.25, remainingMicros: 75_000 });
  });

  it("is null without a limit, and a zero limit is already reached", () => {
    expect(budgetProgress(5, null)).toBeNull();
    expect(budgetProgress(0, 0)).toMatchObject({ level: "over", ratio: 1 });
  });
});

describe("spendByModel", () => {
  const catalogue = new Map([["claude-sonnet-5", "Claude Sonnet 5"]]);

  it("sums each model across keys and buckets, costliest first, and leaves out verification-only models", () => {
    const lines = spendByModel(
      [
        rollupRow({ keyId: "a", bucketStart: 0, model: "claude-sonnet-5", requests: 1, costMicros: 10, cacheReadTokens: 3 }),
        rollupRow({ keyId: "b", bucketStart: 0, model: "claude-sonnet-5", requests: 2, costMicros: 15 }),
        rollupRow({ keyId: "a", bucketStart: 1, model: "odd", requests: 1, costMicros: 40, fallbackPriced: 1 }),
        rollupRow({ keyId: "a", bucketStart: 1, model: "claude-opus-5", verifications: 3, modelNotAllowed: 3 }),
      ],
      [rollupRow({ keyId: "a", bucketStart: 1, model: "older", costMicros: 5, requests: 1 })],
      catalogue,
    );
    expect(lines.map((l) => [l.model, l.displayName, l.requests, l.costMicros, l.monthCostMicros, l.cacheReadTokens])).toEqual([
      ["odd", null, 1, 40, 0, 0],
      ["claude-sonnet-5", "Claude Sonnet 5", 3, 25, 0, 3],
      ["older", null, 0, 0, 5, 0],
    ]);
    expect(lines.map(pricedAtFallback)).toEqual([true, false, true]);
  });

  it("does not flag requests that named no model", () => {
    expect(pricedAtFallback({ model: "", displayName: null, fallbackPriced: 0 })).toBe(false);
    expect(pricedAtFallback({ model: "claude-sonnet-5", displayName: "Claude Sonnet 5", fallbackPriced: 2 })).toBe(true);
  });
});
