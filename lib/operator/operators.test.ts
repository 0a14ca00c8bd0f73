import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { db } from "../db";
import { createApiKey } from "../keys/create";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { listOperatorAudit } from "./audit-log";
import { addModel, changeModelPrices, listModels, updateModel } from "./models";
import { isOperator, operatorEmails, requireOperator } from "./operators";
import { createServiceToken, listServiceTokens, revokeServiceToken } from "./service-tokens";
import { getOperatorSettings, updateOperatorSettings } from "./settings";
import { resumeTeam, setTeamLimits, suspendTeam } from "./team-controls";
import { getOperatorTeam, listOperatorTeams } from "./teams";

const PRICES = { inputPerMTok: "1", outputPerMTok: "2", cacheWritePerMTok: "1.25", cacheReadPerMTok: "0.1" };
const original = process.env.GATEHOUSE_OPERATORS;
afterEach(() => {
  if (original === undefined) delete process.env.GATEHOUSE_OPERATORS;
  else process.env.GATEHOUSE_OPERATORS = original;
});

/** Every operator service, called with valid input, so only the caller decides the outcome. */
async function everyService(actor: Actor, teamId: string, tokenId: string) {
  return Promise.allSettled([
    listModels(actor),
    addModel(actor, { id: `m-${Date.now()}`, displayName: "M", ...PRICES }),
    updateModel(actor, { modelId: "claude-sonnet-5", displayName: "Hacked", enabled: false, sortOrder: 0 }),
    changeModelPrices(actor, { modelId: "claude-sonnet-5", ...PRICES }),
    getOperatorSettings(actor),
    updateOperatorSettings(actor, { defaultRpmLimit: "1", defaultTpmLimit: "", defaultSpendCap: "", ...PRICES }),
    listOperatorTeams(actor),
    getOperatorTeam(actor, teamId),
    setTeamLimits(actor, { teamId, rpmLimit: "1", tpmLimit: "", spendCap: "" }),
    suspendTeam(actor, { teamId, reason: "abuse" }),
    resumeTeam(actor, { teamId }),
    listServiceTokens(actor),
    createServiceToken(actor, { name: "mine" }),
    revokeServiceToken(actor, { tokenId }),
    listOperatorAudit(actor),
  ]);
}

describe("isOperator", () => {
  it("is the stored flag or an address in GATEHOUSE_OPERATORS, whatever its case and spacing", () => {
    const emails = operatorEmails(" Ops@Example.test , second@example.test,,");
    expect([...emails]).toEqual(["ops@example.test", "second@example.test"]);
    const confirmed = new Date();
    expect(isOperator({ email: "OPS@example.test", isOperator: false, emailVerifiedAt: confirmed }, emails)).toBe(true);
    expect(isOperator({ email: "someone@example.test", isOperator: true, emailVerifiedAt: null }, emails)).toBe(true);
    expect(isOperator({ email: "someone@example.test", isOperator: false, emailVerifiedAt: confirmed }, emails)).toBe(false);
    expect(isOperator({ email: "ops@example.test.evil", isOperator: false, emailVerifiedAt: confirmed }, emails)).toBe(false);
    expect(operatorEmails(undefined).size).toBe(0);
  });

  it("counts a GATEHOUSE_OPERATORS address only once it is confirmed, unless the install does not ask for confirmation", () => {
    const emails = operatorEmails("ops@example.test");
    const unconfirmed = { email: "ops@example.test", isOperator: false, emailVerifiedAt: null };
    const saved = process.env.REQUIRE_EMAIL_VERIFICATION;
    try {
      delete process.env.REQUIRE_EMAIL_VERIFICATION;
      expect(isOperator(unconfirmed, emails)).toBe(false);
      process.env.REQUIRE_EMAIL_VERIFICATION = "false";
      expect(isOperator(unconfirmed, emails)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.REQUIRE_EMAIL_VERIFICATION;
      else process.env.REQUIRE_EMAIL_VERIFICATION = saved;
    }
  });
});

describe("operator services", () => {
  it("refuse a signed-in stranger and a team owner who is not an operator, as not found, changing nothing", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const token = await db.serviceToken.create({ data: { name: "t", prefix: "gks_abcd", last4: "wxyz", hash: `h-${team.id}` } });
    const stranger = actorFor(await makeUser("stranger"));
    for (const actor of [stranger, members.owner.actor]) {
      const results = await everyService(actor, team.id, token.id);
      for (const result of results) {
        expect(result).toMatchObject({ status: "rejected", reason: { code: "NOT_FOUND" } });
      }
    }
    expect(await db.operatorAuditLog.count()).toBe(0);
    expect(await db.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ rpmLimit: null, suspendedAt: null });
    expect(await db.model.findUniqueOrThrow({ where: { id: "claude-sonnet-5" } })).toMatchObject({ displayName: "Claude Sonnet 5", enabled: true });
    expect(await db.serviceToken.count({ where: { revokedAt: null } })).toBe(1);
  });

  it("let an address named in GATEHOUSE_OPERATORS in, read at call time", async () => {
    const user = await makeUser("named");
    const actor = actorFor(user);
    await expect(requireOperator(actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    process.env.GATEHOUSE_OPERATORS = `other@example.test, ${user.email.toUpperCase()}`;
    await expect(requireOperator(actor)).resolves.toMatchObject({ id: user.id });
    await expect(listModels(actor)).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: "claude-sonnet-5" })]));
    delete process.env.GATEHOUSE_OPERATORS;
    await expect(listModels(actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("let a flagged operator in, who is still no member of any team", async () => {
    const { team } = await makeTeam(["owner"]);
    const ops = await db.user.update({ where: { id: (await makeUser("ops")).id }, data: { isOperator: true } });
    await expect(getOperatorTeam(actorFor(ops), team.id)).resolves.toMatchObject({ id: team.id, members: 1 });
    await expect(createApiKey(actorFor(ops), { teamId: team.id, name: "sneaky", environment: "production", expiry: "30d" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
