import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { announceCatalogueChange } from "../pricing/changes";
import type { Price } from "../pricing/cost";
import { pickPrice } from "../pricing/pick-price";
import { lockModel } from "../row-lock";
import { parseInput } from "../validation";
import { recordOperatorAudit } from "./audit";
import { requireOperator } from "./operators";
import { priceOf, priceText, samePrice } from "./prices";
import {
  addModelSchema,
  changeModelPricesSchema,
  priceFrom,
  updateModelSchema,
  type AddModelInput,
  type ChangeModelPricesInput,
  type UpdateModelInput,
} from "./schemas";

export type PriceVersionRow = Price & { id: string; effectiveFrom: number };
export type CatalogueRow = {
  id: string;
  displayName: string;
  enabled: boolean;
  sortOrder: number;
  createdAt: Date;
  /** The price in effect now; null only if every version lies in the future. */
  current: PriceVersionRow | null;
  /** Every version, newest first. */
  history: PriceVersionRow[];
};

type ModelWithPrices = { id: string; displayName: string; enabled: boolean; sortOrder: number; createdAt: Date; prices: Array<Price & { id: string; effectiveFrom: bigint }> };

function toRow(model: ModelWithPrices, now: number): CatalogueRow {
  const ascending = model.prices
    .map((p) => ({ id: p.id, effectiveFrom: Number(p.effectiveFrom), ...priceOf(p) }))
    .sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  return {
    id: model.id,
    displayName: model.displayName,
    enabled: model.enabled,
    sortOrder: model.sortOrder,
    createdAt: model.createdAt,
    current: pickPrice(ascending, now) ?? null,
    history: [...ascending].reverse(),
  };
}

const modelState = (m: { displayName: string; enabled: boolean; sortOrder: number }) => ({ displayName: m.displayName, enabled: m.enabled, sortOrder: m.sortOrder });

/** The whole catalogue with each model's price now and its history. */
export async function listModels(actor: Actor, now = Date.now()): Promise<CatalogueRow[]> {
  await requireOperator(actor);
  const models = await db.model.findMany({ include: { prices: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
  return models.map((m) => toRow(m, now));
}

async function findModel(tx: Tx, modelId: string): Promise<ModelWithPrices> {
  const model = await tx.model.findUnique({ where: { id: modelId }, include: { prices: true } });
  if (!model) throw new AppError("NOT_FOUND", "This model is not in the catalogue.");
  return model;
}

export async function addModel(actor: Actor, input: AddModelInput): Promise<CatalogueRow> {
  const created = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const { id, displayName, enabled, sortOrder, ...prices } = parseInput(addModelSchema, input);
    const price = priceFrom(prices);
    if (await tx.model.findUnique({ where: { id }, select: { id: true } })) {
      throw new AppError("CONFLICT", "A model with this id is already in the catalogue.", { id: "A model with this id is already in the catalogue." });
    }
    const last = await tx.model.findFirst({ orderBy: { sortOrder: "desc" }, select: { sortOrder: true } });
    const order = sortOrder ?? (last ? last.sortOrder + 1 : 0);
    const now = Date.now();
    await tx.model.create({
      data: { id, displayName, enabled, sortOrder: order, prices: { create: { effectiveFrom: BigInt(now), ...price } } },
    });
    await recordOperatorAudit(tx, actor, {
      action: "model.created",
      targetType: "model",
      targetId: id,
      targetLabel: displayName,
      before: null,
      after: { id, ...modelState({ displayName, enabled, sortOrder: order }), price: priceText(price) },
    });
    return toRow(await findModel(tx, id), now);
  }).catch((error: unknown) => {
    // Two operators adding the same id at once: the primary key decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "A model with this id is already in the catalogue.", { id: "A model with this id is already in the catalogue." });
    }
    throw error;
  });
  announceCatalogueChange();
  return created;
}

/** Display name, enabled, sort order. Prices change through changeModelPrices only. */
export async function updateModel(actor: Actor, input: UpdateModelInput): Promise<{ model: CatalogueRow; changed: boolean }> {
  const result = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const { modelId, ...next } = parseInput(updateModelSchema, input);
    // Before reading: a change committed meanwhile is then the "before" of this one (lib/row-lock.ts).
    await lockModel(tx, modelId);
    const model = await findModel(tx, modelId);
    const before = modelState(model);
    const now = Date.now();
    if (before.displayName === next.displayName && before.enabled === next.enabled && before.sortOrder === next.sortOrder) {
      return { model: toRow(model, now), changed: false };
    }
    await tx.model.update({ where: { id: modelId }, data: next });
    await recordOperatorAudit(tx, actor, { action: "model.updated", targetType: "model", targetId: modelId, targetLabel: next.displayName, before, after: next });
    return { model: toRow(await findModel(tx, modelId), now), changed: true };
  });
  if (result.changed) announceCatalogueChange();
  return result;
}

/**
 * Adds a price version from now on; older versions stay, so cost already
 * counted (and late reports of earlier events) keep their price.
 */
export async function changeModelPrices(actor: Actor, input: ChangeModelPricesInput): Promise<{ model: CatalogueRow; changed: boolean }> {
  const result = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const { modelId, ...prices } = parseInput(changeModelPricesSchema, input);
    const price = priceFrom(prices);
    // Also keeps two changes from picking the same effectiveFrom (unique per model).
    await lockModel(tx, modelId);
    const model = await findModel(tx, modelId);
    let now = Date.now();
    const current = toRow(model, now).current;
    if (current && samePrice(current, price)) return { model: toRow(model, now), changed: false };
    // Versions are unique per instant: two changes within one millisecond get consecutive ones.
    const latest = model.prices.reduce((max, p) => Math.max(max, Number(p.effectiveFrom)), -1);
    if (now <= latest) now = latest + 1;
    await tx.modelPrice.create({ data: { modelId, effectiveFrom: BigInt(now), ...price } });
    await recordOperatorAudit(tx, actor, {
      action: "model.price_changed",
      targetType: "model",
      targetId: modelId,
      targetLabel: model.displayName,
      before: current ? { price: priceText(current), effectiveFrom: new Date(current.effectiveFrom).toISOString() } : null,
      after: { price: priceText(price), effectiveFrom: new Date(now).toISOString() },
    });
    return { model: toRow(await findModel(tx, modelId), now), changed: true };
  });
  if (result.changed) announceCatalogueChange();
  return result;
}
