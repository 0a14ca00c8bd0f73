import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { checkBudgetAlerts } from "./alerts";
import { budgetKey, budgetTeam, DEC_10, quietLog, setSpend } from "./test-helpers";

let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(smtp.port));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await smtp.close();
});

async function withEndpoint(name: string, budgetUsd: number | null, events: string[] = []) {
  const made = await budgetTeam(name, budgetUsd);
  const endpoint = await db.webhookEndpoint.create({ data: { teamId: made.team.id, url: "https://hooks.example.test/", events: JSON.stringify(events) } });
  return { ...made, endpoint };
}

async function thresholdEvents(teamId: string) {
  const events = await db.webhookEvent.findMany({ where: { teamId, type: "budget.threshold_reached" }, include: { deliveries: true } });
  return events
    .map((e) => ({ payload: JSON.parse(e.payload) as { type: string; data: Record<string, unknown> }, deliveries: e.deliveries }))
    .sort((a, b) => Number(a.payload.data.threshold_percent) - Number(b.payload.data.threshold_percent));
}

const run = (now = DEC_10) => checkBudgetAlerts(now, { log: quietLog() });

describe("budget.threshold_reached webhook events", () => {
  it("queues one event per threshold crossed, with the claim's figures, once per period", async () => {
    const { team, endpoint } = await withEndpoint("Hooked Team", 100);
    await setSpend("team", team.id, team.id, 80.5);
    await run();

    const events = await thresholdEvents(team.id);
    expect(events.map((e) => e.payload.data)).toEqual([
      { team_id: team.id, scope: "team", key_id: null, period: "2026-12", threshold_percent: 50, budget_usd: "100", spent_usd: "80.5" },
      { team_id: team.id, scope: "team", key_id: null, period: "2026-12", threshold_percent: 80, budget_usd: "100", spent_usd: "80.5" },
    ]);
    expect(events.every((e) => e.payload.type === "budget.threshold_reached")).toBe(true);
    expect(events.map((e) => e.deliveries.map((d) => [d.endpointId, d.status]))).toEqual([[[endpoint.id, "pending"]], [[endpoint.id, "pending"]]]);

    // The same thresholds again: nothing new. The next one: one more event.
    await run(DEC_10 + 60_000);
    expect(await thresholdEvents(team.id)).toHaveLength(2);
    await setSpend("team", team.id, team.id, 120);
    await run(DEC_10 + 120_000);
    const after = await thresholdEvents(team.id);
    expect(after.map((e) => e.payload.data.threshold_percent)).toEqual([50, 80, 100]);
  });

  it("names the key of a key's budget, and goes only to endpoints that subscribe to it", async () => {
    const { team, members, endpoint } = await withEndpoint("Key Team", null, ["budget.threshold_reached"]);
    const elsewhere = await db.webhookEndpoint.create({ data: { teamId: team.id, url: "https://other.example.test/", events: JSON.stringify(["api_key.created"]) } });
    const key = await budgetKey(team.id, "ci", 10, members.developer.user.id);
    await setSpend("key", key.id, team.id, 5);
    await run();

    const [event] = await thresholdEvents(team.id);
    expect(event.payload.data).toMatchObject({ scope: "key", key_id: key.id, threshold_percent: 50, budget_usd: "10", spent_usd: "5" });
    expect(event.deliveries.map((d) => d.endpointId)).toEqual([endpoint.id]);
    expect(await db.webhookDelivery.count({ where: { endpointId: elsewhere.id } })).toBe(0);
  });

  it("queues nothing for a team without endpoints (and still emails)", async () => {
    const { team } = await budgetTeam("Quiet Team", 100);
    await setSpend("team", team.id, team.id, 60);
    expect(await run()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await db.webhookEvent.count({ where: { teamId: team.id } })).toBe(0);
  });
});
