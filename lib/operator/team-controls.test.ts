import { describe, expect, it } from "vitest";
import { periodOf } from "../budgets/period";
import { db } from "../db";
import { onKeyChange, type KeyChange } from "../store/key-changes";
import { makeTeam } from "../testing/factories";
import { resumeTeam, setTeamLimits, suspendTeam } from "./team-controls";
import { getOperatorTeam, listOperatorTeams } from "./teams";
import { auditOf, makeOperator } from "./test-helpers";

async function announced<T>(work: () => Promise<T>): Promise<KeyChange[]> {
  const changes: KeyChange[] = [];
  const stop = onKeyChange((c) => changes.push(c));
  try {
    await work();
  } finally {
    stop();
  }
  return changes;
}

describe("team limits", () => {
  it("override the default plan and clear back to it, audited with before and after and announced for the team", async () => {
    const { actor } = await makeOperator();
    const { team } = await makeTeam(["owner"]);
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: 600, defaultSpendCapMicros: 100_000_000n } });
    try {
      expect((await getOperatorTeam(actor, team.id)).limits).toMatchObject({ rpm: 600, tpm: null, spendCapMicros: 100_000_000, overridden: { rpm: false } });

      const changes = await announced(() => setTeamLimits(actor, { teamId: team.id, rpmLimit: "50", tpmLimit: "10000", spendCap: "12.5" }));
      expect(changes).toEqual([{ teamIds: [team.id] }]);
      const row = await getOperatorTeam(actor, team.id);
      expect(row.limits).toMatchObject({ rpm: 50, tpm: 10_000, spendCapMicros: 12_500_000, overridden: { rpm: true, tpm: true, spendCap: true } });

      await setTeamLimits(actor, { teamId: team.id, rpmLimit: "", tpmLimit: "10000", spendCap: "" });
      expect((await getOperatorTeam(actor, team.id)).limits).toMatchObject({ rpm: 600, spendCapMicros: 100_000_000, overridden: { rpm: false, tpm: true, spendCap: false } });

      const entries = await auditOf("team.limits_changed", team.id);
      expect(entries.map((e) => [e.before, e.after])).toEqual([
        [{ rpmLimit: null, tpmLimit: null, spendCapUsd: null }, { rpmLimit: 50, tpmLimit: 10000, spendCapUsd: "12.5" }],
        [{ rpmLimit: 50, tpmLimit: 10000, spendCapUsd: "12.5" }, { rpmLimit: null, tpmLimit: 10000, spendCapUsd: null }],
      ]);
      expect(entries[0]).toMatchObject({ targetLabel: team.name, ip: "127.0.0.1", userAgent: "vitest" });
    } finally {
      await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: null, defaultSpendCapMicros: null } });
    }
  });

  it("refuse a limit outside 1…10,000,000 with a field error and an unknown team as not found", async () => {
    const { actor } = await makeOperator();
    const { team } = await makeTeam(["owner"]);
    await expect(setTeamLimits(actor, { teamId: team.id, rpmLimit: "0", tpmLimit: "", spendCap: "" })).rejects.toMatchObject({ fieldErrors: { rpmLimit: expect.any(String) } });
    await expect(setTeamLimits(actor, { teamId: team.id, rpmLimit: "", tpmLimit: "2.5", spendCap: "" })).rejects.toMatchObject({ fieldErrors: { tpmLimit: expect.any(String) } });
    await expect(setTeamLimits(actor, { teamId: team.id, rpmLimit: "", tpmLimit: "", spendCap: "ten" })).rejects.toMatchObject({ fieldErrors: { spendCap: expect.any(String) } });
    await expect(setTeamLimits(actor, { teamId: "no-such-team", rpmLimit: "1", tpmLimit: "", spendCap: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ rpmLimit: null, tpmLimit: null, spendCapMicros: null });
    expect(await auditOf("team.limits_changed", team.id)).toHaveLength(0);
  });
});

describe("suspension", () => {
  it("suspends with a reason and resumes, each audited with before and after and announced", async () => {
    const { actor } = await makeOperator();
    const { team } = await makeTeam(["owner"]);
    expect(await announced(() => suspendTeam(actor, { teamId: team.id, reason: " Unpaid invoices " }))).toEqual([{ teamIds: [team.id] }]);
    const suspended = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect(suspended.suspendedAt).toBeInstanceOf(Date);
    expect(suspended.suspendedReason).toBe("Unpaid invoices");
    await expect(suspendTeam(actor, { teamId: team.id, reason: "again" })).rejects.toMatchObject({ code: "CONFLICT" });

    expect(await announced(() => resumeTeam(actor, { teamId: team.id }))).toEqual([{ teamIds: [team.id] }]);
    expect(await db.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ suspendedAt: null, suspendedReason: "" });
    await expect(resumeTeam(actor, { teamId: team.id })).rejects.toMatchObject({ code: "CONFLICT" });

    const [s] = await auditOf("team.suspended", team.id);
    expect(s.before).toEqual({ suspended: false });
    expect(s.after).toEqual({ suspended: true, suspendedAt: suspended.suspendedAt!.toISOString(), reason: "Unpaid invoices" });
    const [r] = await auditOf("team.resumed", team.id);
    expect(r.before).toMatchObject({ suspended: true, reason: "Unpaid invoices" });
    expect(r.after).toEqual({ suspended: false });
  });

  it("needs a reason", async () => {
    const { actor } = await makeOperator();
    const { team } = await makeTeam(["owner"]);
    await expect(suspendTeam(actor, { teamId: team.id, reason: "  " })).rejects.toMatchObject({ fieldErrors: { reason: "Say why the team is suspended." } });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).suspendedAt).toBeNull();
  });

  it("records one suspension when two operators suspend at once", async () => {
    const [a, b] = [await makeOperator(), await makeOperator()];
    const { team } = await makeTeam(["owner"]);
    const results = await Promise.allSettled([suspendTeam(a.actor, { teamId: team.id, reason: "a" }), suspendTeam(b.actor, { teamId: team.id, reason: "b" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await auditOf("team.suspended", team.id)).toHaveLength(1);
  });
});

describe("the teams list", () => {
  it("finds teams by name, slug or member email, pages them and shows month-to-date spend", async () => {
    const { actor } = await makeOperator();
    const marker = `zz${Date.now().toString(36)}`;
    const made: Array<{ team: { id: string }; owner: { email: string } }> = [];
    for (let i = 0; i < 3; i++) {
      const { team, members } = await makeTeam(["owner"]);
      made.push({ team: await db.team.update({ where: { id: team.id }, data: { name: `Globex ${marker} ${i}`, slug: `globex-${marker}-${i}` } }), owner: members.owner.user });
    }
    await db.spendCounter.create({ data: { scope: "team", scopeId: made[0].team.id, period: periodOf(Date.now()), teamId: made[0].team.id, spentMicros: 4_200_000n } });
    await db.spendCounter.create({ data: { scope: "team", scopeId: made[0].team.id, period: "2001-01", teamId: made[0].team.id, spentMicros: 9n } });

    const all = await listOperatorTeams(actor, { q: marker.toUpperCase() });
    expect(all.total).toBe(3);
    const first = all.teams.find((t) => t.id === made[0].team.id)!;
    expect(first).toMatchObject({ members: 1, keys: 0, monthToDateMicros: 4_200_000, suspendedAt: null });
    expect((await listOperatorTeams(actor, { q: `globex ${marker} 1` })).teams.map((t) => t.id)).toEqual([made[1].team.id]);
    expect((await listOperatorTeams(actor, { q: made[2].owner.email.toUpperCase() })).teams.map((t) => t.id)).toEqual([made[2].team.id]);
    expect((await listOperatorTeams(actor, { q: "nothing-matches-this" })).total).toBe(0);
    // LIKE wildcards in the search are plain characters.
    expect((await listOperatorTeams(actor, { q: `${marker}%` })).total).toBe(0);
    expect((await listOperatorTeams(actor, { q: made[1].team.id })).teams.map((t) => t.id)).toEqual([made[1].team.id]);

    for (let i = 0; i < 24; i++) await makeTeam([]);
    const page1 = await listOperatorTeams(actor, { page: 1 });
    const page2 = await listOperatorTeams(actor, { page: "2" as never });
    expect(page1.teams).toHaveLength(25);
    expect(page2.page).toBe(2);
    expect(new Set([...page1.teams, ...page2.teams].map((t) => t.id)).size).toBe(page1.teams.length + page2.teams.length);
  });
});
