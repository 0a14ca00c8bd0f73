import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { createApiKey } from "../keys/create";
import { onKeyChange } from "../store/key-changes";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { getKeyPolicy, setKeyPolicy } from "./key-policy";
import type { KeyPolicyInput } from "./schemas";

const FULL: KeyPolicyInput = {
  allowedModels: ["claude-haiku-4-5", "claude-sonnet-5"],
  rpmLimit: "5",
  tpmLimit: "10,000",
  budget: "$12.50",
  ipAllowlist: "203.0.113.0/24\n2001:DB8::1, 203.0.113.0/24",
};

async function setup() {
  const t = await makeTeam();
  const byDev = await createApiKey(t.members.developer.actor, { teamId: t.team.id, name: "Dev's key", environment: "development", expiry: "never" });
  const byOwner = await createApiKey(t.members.owner.actor, { teamId: t.team.id, name: "Owner's key", environment: "production", expiry: "never" });
  return { ...t, devKey: byDev.key.id, ownerKey: byOwner.key.id };
}

const row = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });
const policyAudits = (teamId: string) => db.auditLog.findMany({ where: { teamId, action: "key.policy_changed" } });

afterEach(async () => {
  await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: null, defaultTpmLimit: null, defaultSpendCapMicros: null } });
});

describe("setKeyPolicy", () => {
  it.each(["owner", "admin"] as const)("lets an %s set any key's policy, stored normalised and audited with before and after", async (role) => {
    const { team, members, devKey } = await setup();
    const changes: unknown[] = [];
    const stop = onKeyChange((c) => changes.push(c));
    const policy = await setKeyPolicy(members[role].actor, { teamId: team.id, keyId: devKey, policy: FULL });
    stop();

    expect(policy).toEqual({
      allowedModels: ["claude-haiku-4-5", "claude-sonnet-5"],
      rpmLimit: 5,
      tpmLimit: 10000,
      budgetMicros: 12_500_000,
      ipAllowlist: ["203.0.113.0/24", "2001:db8::1"],
    });
    const stored = await row(devKey);
    expect(stored).toMatchObject({ allowedModels: '["claude-haiku-4-5","claude-sonnet-5"]', rpmLimit: 5, tpmLimit: 10000, ipAllowlist: '["203.0.113.0/24","2001:db8::1"]' });
    expect(Number(stored.budgetMicros)).toBe(12_500_000);
    expect(changes).toEqual([{ keyIds: [devKey] }]);

    const [audit] = await policyAudits(team.id);
    expect(audit).toMatchObject({ actorId: members[role].user.id, targetId: devKey, targetType: "key" });
    expect(JSON.parse(audit.metadata)).toEqual({
      before: { allowedModels: null, rpmLimit: null, tpmLimit: null, budgetMicros: null, ipAllowlist: [] },
      after: policy,
    });

    // Back to open: empty fields mean no restriction.
    await setKeyPolicy(members[role].actor, { teamId: team.id, keyId: devKey, policy: { allowedModels: "all", rpmLimit: "", tpmLimit: "", budget: "", ipAllowlist: "" } });
    expect(await row(devKey)).toMatchObject({ allowedModels: null, rpmLimit: null, tpmLimit: null, budgetMicros: null, ipAllowlist: "[]" });
    const audits = await policyAudits(team.id);
    expect(audits).toHaveLength(2);
  });

  it("lets a developer set the policy of a key they created", async () => {
    const { team, members, devKey } = await setup();
    await setKeyPolicy(members.developer.actor, { teamId: team.id, keyId: devKey, policy: { rpmLimit: 7 } });
    expect((await row(devKey)).rpmLimit).toBe(7);
  });

  it("refuses a developer on someone else's key, and changes nothing", async () => {
    const { team, members, ownerKey } = await setup();
    await expect(setKeyPolicy(members.developer.actor, { teamId: team.id, keyId: ownerKey, policy: FULL })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("keys they created"),
    });
    expect(await row(ownerKey)).toMatchObject({ rpmLimit: null, allowedModels: null, ipAllowlist: "[]" });
    expect(await policyAudits(team.id)).toHaveLength(0);
  });

  it("refuses a billing viewer, even on a key they could name", async () => {
    const { team, members, ownerKey } = await setup();
    await expect(setKeyPolicy(members.billing.actor, { teamId: team.id, keyId: ownerKey, policy: FULL })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await row(ownerKey)).rpmLimit).toBeNull();
  });

  it("tells a stranger the team does not exist, before looking at the input", async () => {
    const { team, ownerKey } = await setup();
    const stranger = actorFor(await makeUser("stranger"));
    await expect(setKeyPolicy(stranger, { teamId: team.id, keyId: ownerKey, policy: FULL })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setKeyPolicy(stranger, { teamId: team.id, keyId: ownerKey, policy: { rpmLimit: "-1" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await row(ownerKey)).rpmLimit).toBeNull();
  });

  it("does not find a key of another team", async () => {
    const { team, members } = await setup();
    const other = await setup();
    await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: other.ownerKey, policy: FULL })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses limits above the team's limits in effect with a field error each, and changes nothing", async () => {
    const { team, members, devKey } = await setup();
    await db.team.update({ where: { id: team.id }, data: { rpmLimit: 600, tpmLimit: 100_000, spendCapMicros: 50_000_000n } });
    const attempt = setKeyPolicy(members.developer.actor, { teamId: team.id, keyId: devKey, policy: { rpmLimit: "601", tpmLimit: "100001", budget: "50.01" } });
    await expect(attempt).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: {
        "policy.rpmLimit": "At most 600, this team's limit.",
        "policy.tpmLimit": "At most 100,000, this team's limit.",
        "policy.budget": "At most $50.00, this team's monthly spend limit.",
      },
    });
    expect(await row(devKey)).toMatchObject({ rpmLimit: null, tpmLimit: null, budgetMicros: null });
    expect(await policyAudits(team.id)).toHaveLength(0);

    // Exactly at the limits is fine.
    await setKeyPolicy(members.developer.actor, { teamId: team.id, keyId: devKey, policy: { rpmLimit: "600", tpmLimit: "100000", budget: "50" } });
    expect((await row(devKey)).rpmLimit).toBe(600);
  });

  it("holds keys to the default plan when the team has no override, and to the team's own budget", async () => {
    const { team, members, devKey } = await setup();
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultRpmLimit: 60 } });
    await db.team.update({ where: { id: team.id }, data: { budgetMicros: 20_000_000n, spendCapMicros: 100_000_000n } });
    await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { rpmLimit: "61", budget: "20.000001" } })).rejects.toMatchObject({
      fieldErrors: { "policy.rpmLimit": "At most 60, this team's limit.", "policy.budget": "At most $20.00, the team's monthly budget." },
    });
  });

  it("refuses models the catalogue does not offer, but keeps one the operator turned off since", async () => {
    const { team, members, devKey } = await setup();
    await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { allowedModels: ["gpt-9"] } })).rejects.toMatchObject({
      fieldErrors: { "policy.allowedModels": "gpt-9 isn't a model the provider offers." },
    });
    await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { allowedModels: [] } })).rejects.toMatchObject({
      fieldErrors: { "policy.allowedModels": expect.stringContaining("at least one model") },
    });

    await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { allowedModels: ["claude-opus-4-1"] } });
    await db.model.update({ where: { id: "claude-opus-4-1" }, data: { enabled: false } });
    try {
      // Already allowed: an unrelated change still saves.
      await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { allowedModels: ["claude-opus-4-1"], rpmLimit: 3 } });
      expect((await row(devKey)).rpmLimit).toBe(3);
      // Newly added while turned off: refused.
      const other = await createApiKey(members.owner.actor, { teamId: team.id, name: "Other", environment: "development", expiry: "never" });
      await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: other.key.id, policy: { allowedModels: ["claude-opus-4-1"] } })).rejects.toMatchObject({ code: "INVALID" });
    } finally {
      await db.model.update({ where: { id: "claude-opus-4-1" }, data: { enabled: true } });
    }
  });

  it("refuses bad input with the field it belongs to", async () => {
    const { team, members, devKey } = await setup();
    const fails = (policy: KeyPolicyInput) => setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy });
    await expect(fails({ rpmLimit: "0" })).rejects.toMatchObject({ fieldErrors: { "policy.rpmLimit": expect.stringContaining("whole number") } });
    await expect(fails({ tpmLimit: "1.5" })).rejects.toMatchObject({ fieldErrors: { "policy.tpmLimit": expect.stringContaining("whole number") } });
    await expect(fails({ budget: "ten" })).rejects.toMatchObject({ fieldErrors: { "policy.budget": expect.stringContaining("US dollars") } });
    await expect(fails({ budget: "0" })).rejects.toMatchObject({ fieldErrors: { "policy.budget": expect.stringContaining("above $0") } });
    await expect(fails({ ipAllowlist: "10.0.0.1\n010.0.0.2" })).rejects.toMatchObject({ fieldErrors: { "policy.ipAllowlist": expect.stringContaining('"010.0.0.2"') } });
  });

  it("refuses to change a revoked key's policy, but allows a rotated key still in its overlap", async () => {
    const { team, members, devKey, ownerKey } = await setup();
    await db.apiKey.update({ where: { id: devKey }, data: { revokedAt: new Date(Date.now() - 1000) } });
    await expect(setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: FULL })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await row(devKey)).rpmLimit).toBeNull();

    await db.apiKey.update({ where: { id: ownerKey }, data: { revokedAt: new Date(Date.now() + 60_000) } });
    await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: ownerKey, policy: { rpmLimit: 9 } });
    expect((await row(ownerKey)).rpmLimit).toBe(9);
  });

  it("writes no audit row and announces nothing when the policy is unchanged", async () => {
    const { team, members, devKey } = await setup();
    await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: FULL });
    const changes: unknown[] = [];
    const stop = onKeyChange((c) => changes.push(c));
    await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: { ...FULL, ipAllowlist: ["2001:db8:0::1", "203.0.113.0/24"].reverse() } });
    stop();
    expect(changes).toEqual([]);
    expect(await policyAudits(team.id)).toHaveLength(1);
  });
});

describe("getKeyPolicy", () => {
  it("shows every member the policy; only those who may change it get canEdit", async () => {
    const { team, members, devKey } = await setup();
    await setKeyPolicy(members.owner.actor, { teamId: team.id, keyId: devKey, policy: FULL });
    const views = Object.fromEntries(
      await Promise.all((["owner", "admin", "developer", "billing"] as const).map(async (r) => [r, await getKeyPolicy(members[r].actor, { teamId: team.id, keyId: devKey })])),
    );
    for (const r of ["owner", "admin", "developer", "billing"]) expect(views[r].policy.rpmLimit).toBe(5);
    expect([views.owner.canEdit, views.admin.canEdit, views.developer.canEdit, views.billing.canEdit]).toEqual([true, true, true, false]);
    expect(views.billing.readOnlyReason).toMatch(/Billing viewers can see policies/);
    expect(views.owner.models.map((m: { id: string }) => m.id)).toContain("claude-opus-5");
  });

  it("explains to a developer why another's key is read-only, and hides the key from strangers", async () => {
    const { team, members, ownerKey } = await setup();
    const view = await getKeyPolicy(members.developer.actor, { teamId: team.id, keyId: ownerKey });
    expect(view).toMatchObject({ canEdit: false, readOnlyReason: expect.stringContaining("keys they created") });
    const stranger = actorFor(await makeUser("stranger"));
    await expect(getKeyPolicy(stranger, { teamId: team.id, keyId: ownerKey })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
