import { describe, expect, it } from "vitest";
import { pickPrice } from "./pick-price";

const v = (effectiveFrom: number) => ({ effectiveFrom, tag: `from ${effectiveFrom}` });

describe("pickPrice", () => {
  it("picks the newest version that started at or before the time", () => {
    const versions = [v(0), v(100), v(200), v(300)];
    expect(pickPrice(versions, 0)?.tag).toBe("from 0");
    expect(pickPrice(versions, 99)?.tag).toBe("from 0");
    expect(pickPrice(versions, 100)?.tag).toBe("from 100");
    expect(pickPrice(versions, 299)?.tag).toBe("from 200");
    expect(pickPrice(versions, 10_000)?.tag).toBe("from 300");
  });

  it("has none before the first version or when there are none", () => {
    expect(pickPrice([v(50)], 49)).toBeUndefined();
    expect(pickPrice([], 1)).toBeUndefined();
  });

  it("agrees with a linear scan on every instant", () => {
    const versions = [v(3), v(7), v(8), v(20)];
    for (let ts = 0; ts < 25; ts++) {
      const expected = versions.filter((x) => x.effectiveFrom <= ts).at(-1);
      expect(pickPrice(versions, ts)).toBe(expected);
    }
  });
});
