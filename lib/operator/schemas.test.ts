import { describe, expect, it } from "vitest";
import { addModelSchema, optionalLimitSchema, priceFrom, setTeamLimitsSchema, updateSettingsSchema } from "./schemas";

describe("operator schemas", () => {
  it("parse their own output to the same value (an action validates, then its service again)", () => {
    const model = { id: "claude-x-1", displayName: "X", enabled: "on", inputPerMTok: "$3.750", outputPerMTok: "15", cacheWritePerMTok: "1,000", cacheReadPerMTok: "0.000001" };
    const once = addModelSchema.parse(model);
    expect(addModelSchema.parse(once)).toEqual(once);
    expect(priceFrom(once)).toEqual({ inputPerMTok: 3_750_000, outputPerMTok: 15_000_000, cacheWritePerMTok: 1_000_000_000, cacheReadPerMTok: 1 });

    const limits = { teamId: "t1", rpmLimit: "1,000", tpmLimit: "", spendCap: "12.50" };
    const parsed = setTeamLimitsSchema.parse(limits);
    expect(parsed).toEqual({ teamId: "t1", rpmLimit: 1000, tpmLimit: null, spendCap: "12.5" });
    expect(setTeamLimitsSchema.parse(parsed)).toEqual(parsed);

    const settings = updateSettingsSchema.parse({ defaultRpmLimit: null, defaultTpmLimit: 5, defaultSpendCap: "", ...model });
    expect(updateSettingsSchema.parse(settings)).toEqual(settings);
  });

  it("take limits from 1 to 10,000,000 only", () => {
    expect(optionalLimitSchema.parse("1")).toBe(1);
    expect(optionalLimitSchema.parse("10,000,000")).toBe(10_000_000);
    expect(optionalLimitSchema.parse(" ")).toBeNull();
    for (const bad of ["0", "10000001", "1e3", "2.0", "-1", "1234567890123"]) expect(optionalLimitSchema.safeParse(bad).success).toBe(false);
  });
});
