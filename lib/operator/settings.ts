import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { microsOf, microsToUsdText } from "../money";
import { announceCatalogueChange } from "../pricing/changes";
import type { Price } from "../pricing/cost";
import { lockOperatorSettings } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { parseInput } from "../validation";
import { recordOperatorAudit } from "./audit";
import { requireOperator } from "./operators";
import { priceText, samePrice } from "./prices";
import { optionalUsdMicros, priceFrom, updateSettingsSchema, type UpdateSettingsInput } from "./schemas";

export type OperatorSettingsView = {
  defaultRpmLimit: number | null;
  defaultTpmLimit: number | null;
  defaultSpendCapMicros: number | null;
  fallback: Price;
  updatedAt: Date;
};

type SettingsRow = {
  defaultRpmLimit: number | null;
  defaultTpmLimit: number | null;
  defaultSpendCapMicros: bigint | null;
  fallbackInputPerMTok: number;
  fallbackOutputPerMTok: number;
  fallbackCacheWritePerMTok: number;
  fallbackCacheReadPerMTok: number;
  updatedAt: Date;
};

function toView(row: SettingsRow): OperatorSettingsView {
  return {
    defaultRpmLimit: row.defaultRpmLimit,
    defaultTpmLimit: row.defaultTpmLimit,
    defaultSpendCapMicros: microsOf(row.defaultSpendCapMicros),
    fallback: {
      inputPerMTok: row.fallbackInputPerMTok,
      outputPerMTok: row.fallbackOutputPerMTok,
      cacheWritePerMTok: row.fallbackCacheWritePerMTok,
      cacheReadPerMTok: row.fallbackCacheReadPerMTok,
    },
    updatedAt: row.updatedAt,
  };
}

/** The one settings row; the migration seeds it, this recreates it with defaults if someone deleted it. */
async function loadSettings(tx: Tx): Promise<SettingsRow> {
  return (await tx.operatorSettings.findUnique({ where: { id: 1 } })) ?? tx.operatorSettings.create({ data: { id: 1 } });
}

function auditState(view: OperatorSettingsView) {
  return {
    defaultRpmLimit: view.defaultRpmLimit,
    defaultTpmLimit: view.defaultTpmLimit,
    defaultSpendCapUsd: view.defaultSpendCapMicros === null ? null : microsToUsdText(view.defaultSpendCapMicros),
    fallbackPrice: priceText(view.fallback),
  };
}

export async function getOperatorSettings(actor: Actor): Promise<OperatorSettingsView> {
  await requireOperator(actor);
  const row = await db.operatorSettings.findUnique({ where: { id: 1 } });
  return row ? toView(row) : toView(await db.$transaction(loadSettings));
}

/**
 * The default plan (every team without its own override follows it) and the
 * fallback price for models not in the catalogue.
 */
export async function updateOperatorSettings(actor: Actor, input: UpdateSettingsInput): Promise<{ settings: OperatorSettingsView; changed: boolean }> {
  const result = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const values = parseInput(updateSettingsSchema, input);
    await lockOperatorSettings(tx);
    const before = toView(await loadSettings(tx));
    const fallback: Price = priceFrom(values);
    const defaultSpendCap = optionalUsdMicros(values.defaultSpendCap);
    const planChanged =
      before.defaultRpmLimit !== values.defaultRpmLimit ||
      before.defaultTpmLimit !== values.defaultTpmLimit ||
      before.defaultSpendCapMicros !== defaultSpendCap;
    const priceChanged = !samePrice(before.fallback, fallback);
    if (!planChanged && !priceChanged) return { settings: before, changed: false, planChanged };

    const row = await tx.operatorSettings.update({
      where: { id: 1 },
      data: {
        defaultRpmLimit: values.defaultRpmLimit,
        defaultTpmLimit: values.defaultTpmLimit,
        defaultSpendCapMicros: defaultSpendCap === null ? null : BigInt(defaultSpendCap),
        fallbackInputPerMTok: fallback.inputPerMTok,
        fallbackOutputPerMTok: fallback.outputPerMTok,
        fallbackCacheWritePerMTok: fallback.cacheWritePerMTok,
        fallbackCacheReadPerMTok: fallback.cacheReadPerMTok,
      },
    });
    const after = toView(row);
    await recordOperatorAudit(tx, actor, {
      action: "settings.updated",
      targetType: "settings",
      targetId: "1",
      targetLabel: "Default plan and fallback price",
      before: auditState(before),
      after: auditState(after),
    });
    return { settings: after, changed: true, planChanged };
  });
  if (result.changed) announceCatalogueChange();
  if (result.planChanged) {
    // Cached key lookups carry their team's limits, the default plan's included: every team that
    // follows the default must reload. Teams are a few thousand at most, so their ids are cheap to list.
    const teams = await db.team.findMany({ select: { id: true } });
    announceKeyChange({ teamIds: teams.map((t) => t.id) });
  }
  return { settings: result.settings, changed: result.changed };
}
