import { describe, expect, it } from "vitest";
import { db } from "../db";
import { onCatalogueChange } from "../pricing/changes";
import { pickPrice } from "../pricing/pick-price";
import { addModel, changeModelPrices, listModels, updateModel } from "./models";
import { auditOf, makeOperator, PRICES } from "./test-helpers";

async function catalogueAnnouncements<T>(work: () => Promise<T>): Promise<{ result: T; count: number }> {
  let count = 0;
  const stop = onCatalogueChange(() => count++);
  try {
    return { result: await work(), count };
  } finally {
    stop();
  }
}

describe("the model catalogue", () => {
  it("lists the seeded Claude models with their price now", async () => {
    const { actor } = await makeOperator();
    const models = await listModels(actor);
    const sonnet = models.find((m) => m.id === "claude-sonnet-5");
    expect(sonnet).toMatchObject({ enabled: true, current: { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000, effectiveFrom: 0 } });
    expect(models.map((m) => m.sortOrder)).toEqual([...models.map((m) => m.sortOrder)].sort((a, b) => a - b));
  });

  it("adds a model with its prices in micro-dollars, audited and announced", async () => {
    const { actor, user } = await makeOperator();
    const before = Date.now();
    const { result: model, count } = await catalogueAnnouncements(() =>
      addModel(actor, { id: "claude-foo-1", displayName: " Claude Foo 1 ", enabled: true, ...PRICES, cacheReadPerMTok: "0.000001" }),
    );
    expect(count).toBe(1);
    expect(model).toMatchObject({
      id: "claude-foo-1",
      displayName: "Claude Foo 1",
      current: { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000, cacheWritePerMTok: 3_750_000, cacheReadPerMTok: 1 },
    });
    expect(model.current!.effectiveFrom).toBeGreaterThanOrEqual(before);
    const [entry] = await auditOf("model.created", "claude-foo-1");
    expect(entry).toMatchObject({ actorId: user.id, before: null, after: { id: "claude-foo-1", enabled: true, price: { inputPerMTok: "3", cacheReadPerMTok: "0.000001" } } });
  });

  it("refuses a taken id, a bad id, a bad price and a long name with field errors, writing nothing", async () => {
    const { actor } = await makeOperator();
    const base = { id: "claude-bar-1", displayName: "Bar", ...PRICES };
    await expect(addModel(actor, { ...base, id: "claude-sonnet-5" })).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { id: expect.any(String) } });
    await expect(addModel(actor, { ...base, id: "Claude Bar" })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { id: expect.any(String) } });
    await expect(addModel(actor, { ...base, id: "-bar" })).rejects.toMatchObject({ fieldErrors: { id: expect.any(String) } });
    await expect(addModel(actor, { ...base, inputPerMTok: "-1" })).rejects.toMatchObject({ fieldErrors: { inputPerMTok: expect.stringContaining("dollars") } });
    await expect(addModel(actor, { ...base, outputPerMTok: "0.0000001" })).rejects.toMatchObject({ fieldErrors: { outputPerMTok: expect.any(String) } });
    await expect(addModel(actor, { ...base, cacheReadPerMTok: "2000.000001" })).rejects.toMatchObject({ fieldErrors: { cacheReadPerMTok: "At most $2,000 per million tokens." } });
    await expect(addModel(actor, { ...base, displayName: "x".repeat(101) })).rejects.toMatchObject({ fieldErrors: { displayName: expect.any(String) } });
    await expect(addModel(actor, { ...base, displayName: "two\nlines" })).rejects.toMatchObject({ fieldErrors: { displayName: expect.any(String) } });
    expect(await db.model.count({ where: { id: "claude-bar-1" } })).toBe(0);
    expect(await db.operatorAuditLog.count({ where: { action: "model.created", targetId: "claude-bar-1" } })).toBe(0);
  });

  it("changes prices by adding a version from now on, leaving the old one, so cost at an earlier time keeps its price", async () => {
    const { actor } = await makeOperator();
    await addModel(actor, { id: "claude-price-1", displayName: "Price", ...PRICES });
    const [first] = await db.modelPrice.findMany({ where: { modelId: "claude-price-1" } });
    const { model, changed } = await changeModelPrices(actor, { modelId: "claude-price-1", ...PRICES, inputPerMTok: "2.5" });
    expect(changed).toBe(true);
    const rows = await db.modelPrice.findMany({ where: { modelId: "claude-price-1" }, orderBy: { effectiveFrom: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(first);
    expect(rows[1].inputPerMTok).toBe(2_500_000);
    expect(Number(rows[1].effectiveFrom)).toBeGreaterThan(Number(rows[0].effectiveFrom));
    expect(model.current).toMatchObject({ inputPerMTok: 2_500_000 });
    expect(model.history.map((h) => h.inputPerMTok)).toEqual([2_500_000, 3_000_000]);

    const versions = rows.map((r) => ({ effectiveFrom: Number(r.effectiveFrom), inputPerMTok: r.inputPerMTok }));
    expect(pickPrice(versions, versions[1].effectiveFrom - 1)?.inputPerMTok).toBe(3_000_000);
    expect(pickPrice(versions, versions[1].effectiveFrom)?.inputPerMTok).toBe(2_500_000);
    expect(pickPrice(versions, versions[0].effectiveFrom - 1)).toBeUndefined();

    const [entry] = await auditOf("model.price_changed", "claude-price-1");
    expect(entry.before).toMatchObject({ price: { inputPerMTok: "3", outputPerMTok: "15" } });
    expect(entry.after).toMatchObject({ price: { inputPerMTok: "2.5", outputPerMTok: "15" } });
  });

  it("writes nothing for prices equal to the current ones, and keeps versions apart within one millisecond", async () => {
    const { actor } = await makeOperator();
    await addModel(actor, { id: "claude-same-1", displayName: "Same", ...PRICES });
    const { result, count } = await catalogueAnnouncements(() => changeModelPrices(actor, { modelId: "claude-same-1", ...PRICES, cacheReadPerMTok: "0.3" }));
    expect(result.changed).toBe(false);
    expect(count).toBe(0);
    await changeModelPrices(actor, { modelId: "claude-same-1", ...PRICES, inputPerMTok: "4" });
    await changeModelPrices(actor, { modelId: "claude-same-1", ...PRICES, inputPerMTok: "5" });
    const froms = (await db.modelPrice.findMany({ where: { modelId: "claude-same-1" } })).map((p) => Number(p.effectiveFrom));
    expect(new Set(froms).size).toBe(3);
    await expect(changeModelPrices(actor, { modelId: "claude-nope", ...PRICES })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("edits the display name, enabled and sort order with before and after", async () => {
    const { actor } = await makeOperator();
    await addModel(actor, { id: "claude-edit-1", displayName: "Edit", ...PRICES });
    const { model, changed } = await updateModel(actor, { modelId: "claude-edit-1", displayName: "Edited", enabled: false, sortOrder: 42 });
    expect(changed).toBe(true);
    expect(model).toMatchObject({ displayName: "Edited", enabled: false, sortOrder: 42 });
    const [entry] = await auditOf("model.updated", "claude-edit-1");
    expect(entry.before).toEqual({ displayName: "Edit", enabled: true, sortOrder: expect.any(Number) });
    expect(entry.after).toEqual({ displayName: "Edited", enabled: false, sortOrder: 42 });
    expect((await updateModel(actor, { modelId: "claude-edit-1", displayName: "Edited", enabled: false, sortOrder: 42 })).changed).toBe(false);
    expect(await auditOf("model.updated", "claude-edit-1")).toHaveLength(1);
  });
});

describe("concurrent catalogue changes", () => {
  it("audit the state each change replaces: a change waits for one in progress on the same model", async () => {
    const { actor } = await makeOperator();
    const id = `race-${Date.now().toString(36)}`;
    await addModel(actor, { id, displayName: "Original", ...PRICES });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    // Another operator's change, written but not committed yet.
    const other = db.$transaction(
      async (tx) => {
        await tx.model.update({ where: { id }, data: { displayName: "Other" } });
        ready();
        await held;
      },
      { timeout: 10_000 },
    );
    await started;
    const mine = updateModel(actor, { modelId: id, displayName: "Mine", enabled: true, sortOrder: 5 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await other;
    await mine;
    const [entry] = await auditOf("model.updated", id);
    expect(entry.before).toMatchObject({ displayName: "Other" });
    expect(entry.after).toMatchObject({ displayName: "Mine" });
  });
});
