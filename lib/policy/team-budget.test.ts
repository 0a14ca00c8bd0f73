import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { onKeyChange } from "../store/key-changes";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { getTeamBudget, setTeamBudget } from "./team-budget";

const stored = (id: string) =>
  db.team.findUniqueOrThrow({ where: { id }, select: { budgetMicros: true, alertThresholds: true, alertRoles: true, alertEmails: true } });
const budgetAudits = (teamId: string) => db.auditLog.findMany({ where: { teamId, action: "team.budget_changed" } });

afterEach(async () => {
  await db.operatorSettings.update({ where: { id: 1 }, data: { defaultSpendCapMicros: null } });
});

describe("setTeamBudget", () => {
  it.each(["owner", "admin"] as const)("lets an %s set the budget and recipients, audited with before and after", async (role) => {
    const { team, members } = await makeTeam();
    const changes: unknown[] = [];
    const stop = onKeyChange((c) => changes.push(c));
    const saved = await setTeamBudget(members[role].actor, {
      teamId: team.id,
      budget: "250",
      alertThresholds: "90, 25,90 , 100%",
      alertRoles: ["billing", "owner"],
      alertEmails: "Finance@Example.test\nops@example.test, finance@example.test",
    });
    stop();

    expect(saved).toEqual({ budgetMicros: 250_000_000, alertThresholds: [25, 90, 100], alertRoles: ["owner", "billing"], alertEmails: ["finance@example.test", "ops@example.test"] });
    const row = await stored(team.id);
    expect(Number(row.budgetMicros)).toBe(250_000_000);
    expect(row).toMatchObject({ alertThresholds: "[25,90,100]", alertRoles: '["owner","billing"]', alertEmails: '["finance@example.test","ops@example.test"]' });
    expect(changes).toEqual([{ teamIds: [team.id] }]);

    const [audit] = await budgetAudits(team.id);
    expect(audit).toMatchObject({ actorId: members[role].user.id, targetType: "team", targetId: team.id });
    expect(JSON.parse(audit.metadata)).toEqual({
      before: { budgetMicros: null, alertThresholds: [50, 80, 100], alertRoles: ["owner", "admin", "billing"], alertEmails: [] },
      after: saved,
    });
  });

  it.each(["developer", "billing"] as const)("refuses a %s and changes nothing", async (role) => {
    const { team, members } = await makeTeam();
    await expect(setTeamBudget(members[role].actor, { teamId: team.id, budget: "10" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await stored(team.id)).budgetMicros).toBeNull();
    expect(await budgetAudits(team.id)).toHaveLength(0);
  });

  it("tells a stranger the team does not exist, before validating anything", async () => {
    const { team } = await makeTeam();
    const stranger = actorFor(await makeUser("stranger"));
    await expect(setTeamBudget(stranger, { teamId: team.id, budget: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getTeamBudget(stranger, team.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a budget above the operator's spend cap in effect, the team's own or the default plan's", async () => {
    const { team, members } = await makeTeam();
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultSpendCapMicros: 100_000_000n } });
    await expect(setTeamBudget(members.owner.actor, { teamId: team.id, budget: "100.01" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { budget: "At most $100.00, this team's monthly spend limit." },
    });
    await setTeamBudget(members.owner.actor, { teamId: team.id, budget: "100" });
    expect(Number((await stored(team.id)).budgetMicros)).toBe(100_000_000);

    await db.team.update({ where: { id: team.id }, data: { spendCapMicros: 30_000_000n } });
    await expect(setTeamBudget(members.owner.actor, { teamId: team.id, budget: "31" })).rejects.toMatchObject({
      fieldErrors: { budget: "At most $30.00, this team's monthly spend limit." },
    });
    expect(Number((await stored(team.id)).budgetMicros)).toBe(100_000_000);
  });

  it("refuses bad thresholds and recipients with the field they belong to", async () => {
    const { team, members } = await makeTeam();
    const fails = (input: Record<string, unknown>) => setTeamBudget(members.owner.actor, { teamId: team.id, ...input });
    await expect(fails({ alertThresholds: "0, 50" })).rejects.toMatchObject({ fieldErrors: { alertThresholds: expect.stringContaining('"0"') } });
    await expect(fails({ alertThresholds: "101" })).rejects.toMatchObject({ fieldErrors: { alertThresholds: expect.stringContaining("1 to 100") } });
    await expect(fails({ alertThresholds: "10,20,30,40,50,60" })).rejects.toMatchObject({ fieldErrors: { alertThresholds: "Use at most 5 thresholds." } });
    await expect(fails({ alertThresholds: "" })).rejects.toMatchObject({ fieldErrors: { alertThresholds: expect.stringContaining("at least one") } });
    await expect(fails({ alertRoles: ["developer"] })).rejects.toMatchObject({ code: "INVALID" });
    await expect(fails({ alertEmails: "ok@example.test, not-an-email" })).rejects.toMatchObject({ fieldErrors: { alertEmails: expect.stringContaining('"not-an-email"') } });
    const eleven = Array.from({ length: 11 }, (_, i) => `a${i}@example.test`).join("\n");
    await expect(fails({ alertEmails: eleven })).rejects.toMatchObject({ fieldErrors: { alertEmails: "Add at most 10 addresses." } });
    await expect(fails({ budget: "-5" })).rejects.toMatchObject({ fieldErrors: { budget: expect.any(String) } });
    expect(await budgetAudits(team.id)).toHaveLength(0);
  });

  it("clears the budget with an empty field, and writes nothing when nothing changed", async () => {
    const { team, members } = await makeTeam();
    await setTeamBudget(members.owner.actor, { teamId: team.id, budget: "40" });
    await setTeamBudget(members.owner.actor, { teamId: team.id, budget: "40.00" });
    expect(await budgetAudits(team.id)).toHaveLength(1);
    await setTeamBudget(members.owner.actor, { teamId: team.id, budget: "" });
    expect((await stored(team.id)).budgetMicros).toBeNull();
    expect(await budgetAudits(team.id)).toHaveLength(2);
  });
});

describe("getTeamBudget", () => {
  it("shows every member the settings and the operator's limits; only owners and admins may edit", async () => {
    const { team, members } = await makeTeam();
    await db.team.update({ where: { id: team.id }, data: { rpmLimit: 600, tpmLimit: 90_000, spendCapMicros: 500_000_000n, budgetMicros: 80_000_000n } });
    for (const role of ["owner", "admin", "developer", "billing"] as const) {
      const view = await getTeamBudget(members[role].actor, team.id);
      expect(view).toMatchObject({ budgetMicros: 80_000_000, alertThresholds: [50, 80, 100], ceiling: { rpm: 600, tpm: 90_000, spendCapMicros: 500_000_000 } });
      expect(view.canEdit).toBe(role === "owner" || role === "admin");
    }
  });
});
