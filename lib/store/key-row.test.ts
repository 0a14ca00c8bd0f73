/**
 * The hot path's view of a key, on the engine under test: its policy, its
 * team's limits in effect (override, else the default plan) and
 * month-to-date spend come back with the key in one lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { periodOf } from "../budgets/period";
import { db } from "../db";
import { hashKey } from "../keys/format";
import { makeTeam } from "../testing/factories";
import { keyRowFrom } from "./key-row";
import { openHotStore } from "./open";
import type { HotStore } from "./types";

let store: HotStore;
beforeAll(async () => {
  store = await openHotStore();
});
afterAll(() => store.close());

describe("a key's row on the hot path", () => {
  it("carries the key's policy, the team's limits in effect and this month's spend", async () => {
    const { team } = await makeTeam(["owner"]);
    await db.team.update({ where: { id: team.id }, data: { rpmLimit: 600, budgetMicros: 50_000_000n, suspendedAt: new Date() } });
    const settings = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    await db.operatorSettings.update({ where: { id: 1 }, data: { defaultTpmLimit: 90_000, defaultSpendCapMicros: 70_000_000n } });
    try {
      const { key, secret } = await createTestKey(team.id);
      await db.apiKey.update({
        where: { id: key.id },
        data: { allowedModels: '["claude-haiku-4-5"]', rpmLimit: 5, tpmLimit: 1000, budgetMicros: 1_500_000n, ipAllowlist: '["10.0.0.0/8"]' },
      });
      const period = periodOf(Date.now());
      await db.spendCounter.createMany({
        data: [
          { scope: "key", scopeId: key.id, period, teamId: team.id, spentMicros: 1_250_000n },
          { scope: "team", scopeId: team.id, period, teamId: team.id, spentMicros: 4_000_000n },
          { scope: "key", scopeId: key.id, period: "2000-01", teamId: team.id, spentMicros: 99n },
        ],
      });
      const row = await store.findKeyById(key.id);
      expect(row).toMatchObject({
        policy: { allowedModels: ["claude-haiku-4-5"], rpm: 5, tpm: 1000, budgetMicros: 1_500_000, ipAllowlist: ["10.0.0.0/8"] },
        team: { suspended: true, rpm: 600, tpm: 90_000, spendCapMicros: 70_000_000, budgetMicros: 50_000_000 },
        spend: { period, keyMicros: 1_250_000, teamMicros: 4_000_000 },
      });
      expect(await store.findKeyByHash(hashKey(secret))).toMatchObject({ id: key.id, team: { rpm: 600 } });
      expect(await store.findKeyById("no-such-key")).toBeUndefined();
    } finally {
      await db.operatorSettings.update({
        where: { id: 1 },
        data: { defaultTpmLimit: settings.defaultTpmLimit, defaultSpendCapMicros: settings.defaultSpendCapMicros },
      });
    }
  });
});

describe("keyRowFrom", () => {
  const stored = {
    id: "k", teamId: "t", name: "n", environment: "production", createdById: null, expiresAt: null, revokedAt: null,
    rpmLimit: null, tpmLimit: null, budgetMicros: null, teamSuspended: 0, teamRpm: null, teamTpm: null, teamCap: null, teamBudget: null,
    keySpent: null, teamSpent: null,
  };

  it("reads an unreadable model list as allowing no model, never every model (like the IP allowlist)", () => {
    const row = keyRowFrom({ ...stored, allowedModels: "not json", ipAllowlist: "{" }, () => null, Date.now());
    expect(row.policy.allowedModels).toEqual([]);
    expect(row.policy.ipAllowlist).toEqual(["invalid"]);
    expect(keyRowFrom({ ...stored, allowedModels: null, ipAllowlist: null }, () => null, Date.now()).policy.allowedModels).toBeNull();
    expect(keyRowFrom({ ...stored, allowedModels: '["m"]', ipAllowlist: "[]" }, () => null, Date.now()).policy.allowedModels).toEqual(["m"]);
  });
});
