import { describe, expect, it } from "vitest";
import { db } from "../db";
import { onCatalogueChange } from "../pricing/changes";
import { onKeyChange, type KeyChange } from "../store/key-changes";
import { makeTeam } from "../testing/factories";
import { getOperatorSettings, updateOperatorSettings } from "./settings";
import { auditOf, makeOperator } from "./test-helpers";

const FALLBACK = { inputPerMTok: "15", outputPerMTok: "75", cacheWritePerMTok: "18.75", cacheReadPerMTok: "1.5" };

describe("operator settings", () => {
  it("start from the migration's defaults: no plan limits, Opus-like fallback price", async () => {
    const { actor } = await makeOperator();
    expect(await getOperatorSettings(actor)).toMatchObject({
      defaultRpmLimit: null,
      defaultTpmLimit: null,
      defaultSpendCapMicros: null,
      fallback: { inputPerMTok: 15_000_000, outputPerMTok: 75_000_000, cacheWritePerMTok: 18_750_000, cacheReadPerMTok: 1_500_000 },
    });
  });

  it("set the default plan, audited with before and after, and tell every team's cached keys and the catalogue", async () => {
    const { actor } = await makeOperator();
    const { team } = await makeTeam(["owner"]);
    const changes: KeyChange[] = [];
    let catalogue = 0;
    const stopKeys = onKeyChange((c) => changes.push(c));
    const stopCatalogue = onCatalogueChange(() => catalogue++);
    try {
      const { settings, changed } = await updateOperatorSettings(actor, { defaultRpmLimit: "1,000", defaultTpmLimit: "200000", defaultSpendCap: "$250.50", ...FALLBACK });
      expect(changed).toBe(true);
      expect(settings).toMatchObject({ defaultRpmLimit: 1000, defaultTpmLimit: 200_000, defaultSpendCapMicros: 250_500_000 });
    } finally {
      stopKeys();
      stopCatalogue();
    }
    expect(catalogue).toBe(1);
    expect(changes).toHaveLength(1);
    expect(changes[0].teamIds).toContain(team.id);
    const row = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.defaultSpendCapMicros).toBe(250_500_000n);

    const [entry] = await auditOf("settings.updated", "1");
    expect(entry.before).toMatchObject({ defaultRpmLimit: null, defaultSpendCapUsd: null });
    expect(entry.after).toMatchObject({ defaultRpmLimit: 1000, defaultTpmLimit: 200000, defaultSpendCapUsd: "250.5", fallbackPrice: { inputPerMTok: "15" } });

    // Emptying a field means unlimited again.
    const cleared = await updateOperatorSettings(actor, { defaultRpmLimit: "", defaultTpmLimit: "", defaultSpendCap: "", ...FALLBACK, inputPerMTok: "10" });
    expect(cleared.settings).toMatchObject({ defaultRpmLimit: null, defaultTpmLimit: null, defaultSpendCapMicros: null, fallback: { inputPerMTok: 10_000_000 } });
  });

  it("refuse limits that are not whole numbers from 1 to 10,000,000 and caps that are not amounts, keeping the row", async () => {
    const { actor } = await makeOperator();
    const before = await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } });
    for (const bad of ["0", "10000001", "1.5", "-3", "lots"]) {
      await expect(updateOperatorSettings(actor, { defaultRpmLimit: bad, defaultTpmLimit: "", defaultSpendCap: "", ...FALLBACK })).rejects.toMatchObject({
        code: "INVALID",
        fieldErrors: { defaultRpmLimit: expect.stringContaining("whole number") },
      });
    }
    await expect(updateOperatorSettings(actor, { defaultRpmLimit: "10000000", defaultTpmLimit: "1", defaultSpendCap: "1e3", ...FALLBACK })).rejects.toMatchObject({
      fieldErrors: { defaultSpendCap: expect.any(String) },
    });
    await expect(updateOperatorSettings(actor, { defaultRpmLimit: "", defaultTpmLimit: "", defaultSpendCap: "10000000.01", ...FALLBACK })).rejects.toMatchObject({
      fieldErrors: { defaultSpendCap: "At most $10,000,000." },
    });
    expect(await db.operatorSettings.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before);
  });

  it("write nothing when nothing changed", async () => {
    const { actor } = await makeOperator();
    const current = await getOperatorSettings(actor);
    const audits = await db.operatorAuditLog.count();
    const { changed } = await updateOperatorSettings(actor, {
      defaultRpmLimit: current.defaultRpmLimit ?? "",
      defaultTpmLimit: current.defaultTpmLimit ?? "",
      defaultSpendCap: "",
      inputPerMTok: String(current.fallback.inputPerMTok / 1e6),
      outputPerMTok: String(current.fallback.outputPerMTok / 1e6),
      cacheWritePerMTok: String(current.fallback.cacheWritePerMTok / 1e6),
      cacheReadPerMTok: String(current.fallback.cacheReadPerMTok / 1e6),
    });
    expect(changed).toBe(false);
    expect(await db.operatorAuditLog.count()).toBe(audits);
  });
});
