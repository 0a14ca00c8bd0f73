import { describe, expect, it } from "vitest";
import { db } from "../db";
import { budgetBanner } from "./banner";
import { budgetKey, budgetTeam, DEC_10, setSpend, usd } from "./test-helpers";

describe("budgetBanner", () => {
  it("says nothing below 80 % or without spend this month", async () => {
    const { team } = await budgetTeam("Calm", 100);
    expect(await budgetBanner(team.id, "owner", DEC_10)).toBeNull();
    await setSpend("team", team.id, team.id, 79.99);
    expect(await budgetBanner(team.id, "owner", DEC_10)).toBeNull();
    // Last month's spend is last month's: November's $500 does not count in December.
    await setSpend("team", team.id, team.id, 500, Date.UTC(2026, 10, 20));
    expect(await budgetBanner(team.id, "owner", DEC_10)).toBeNull();
  });

  it("warns from exactly 80 % of the team's budget, with a link to change it for those who may", async () => {
    const { team } = await budgetTeam("Warm", 100);
    await setSpend("team", team.id, team.id, 80);
    const banner = await budgetBanner(team.id, "owner", DEC_10);
    expect(banner).toMatchObject({ level: "warning", title: "This team is close to its budget", others: 0 });
    expect(banner!.message).toContain("80 % of its monthly budget ($80.00 of $100.00)");
    expect(banner!.links).toEqual([
      { href: `/${team.slug}/usage`, label: "View usage" },
      { href: `/${team.slug}/settings`, label: "Change budget" },
    ]);
    const forBilling = await budgetBanner(team.id, "billing", DEC_10);
    expect(forBilling).toMatchObject({ level: "warning", message: banner!.message });
    expect(forBilling!.links).toEqual([{ href: `/${team.slug}/usage`, label: "View usage" }]);
  });

  it("an over-budget key outranks a team warning, and the others are counted", async () => {
    const { team } = await budgetTeam("Hot", 100);
    const over = await budgetKey(team.id, "prod-backend", 10);
    const near = await budgetKey(team.id, "staging", 10);
    const revoked = await budgetKey(team.id, "old", 1, null, { revokedAt: new Date(DEC_10 - 1) });
    await setSpend("key", over.id, team.id, 10);
    await setSpend("key", near.id, team.id, 9.5);
    await setSpend("key", revoked.id, team.id, 50);
    await setSpend("team", team.id, team.id, 85);
    const banner = await budgetBanner(team.id, "developer", DEC_10);
    expect(banner).toMatchObject({ level: "over", title: "Key “prod-backend” is over budget", others: 2 });
    expect(banner!.message).toBe(
      "Key “prod-backend” has spent $10.00 of its $10.00 monthly budget: verification answers BUDGET_EXCEEDED for this key until January 1, 2027 (00:00 UTC).",
    );
    expect(banner!.links).toContainEqual({ href: `/${team.slug}/keys/${over.id}`, label: "Open key" });
    expect(banner!.id).toBe(`2026-12:key:${over.id}:over`);
  });

  it("counts the provider's spend limit when it is tighter than the team's budget", async () => {
    const { team } = await budgetTeam("Capped", 1000);
    await db.team.update({ where: { id: team.id }, data: { spendCapMicros: BigInt(usd(200)) } });
    await setSpend("team", team.id, team.id, 250);
    const banner = await budgetBanner(team.id, "admin", DEC_10);
    expect(banner).toMatchObject({ level: "over", title: "This team is over budget" });
    expect(banner!.message).toContain("has spent $250.00 of its $200.00 monthly spend limit set by your provider");
    expect(banner!.message).toContain("BUDGET_EXCEEDED for every key of the team until January 1, 2027");
    // Only the provider can change its limit.
    expect(banner!.links.map((l) => l.label)).toEqual(["View usage"]);
  });
});
