/**
 * Spend maths for the dashboards: cost per model, and how far along a budget
 * is. Pure; money is integer micro-dollars (lib/money.ts).
 */
import type { RollupRow } from "./series";

export type ModelSpend = {
  /** The model id as reported; "" when the events named none. */
  model: string;
  /** From the operator's catalogue; null for a model it does not list. */
  displayName: string | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** In the chosen range. */
  costMicros: number;
  /** Month to date (UTC), whatever the range. */
  monthCostMicros: number;
  /** Requests priced at the operator's fallback price because the model was not in the catalogue. */
  fallbackPriced: number;
};

type Totals = Omit<ModelSpend, "model" | "displayName" | "monthCostMicros">;

function sumByModel(rows: Iterable<RollupRow>): Map<string, Totals> {
  const byModel = new Map<string, Totals>();
  for (const row of rows) {
    let t = byModel.get(row.model);
    if (!t) {
      t = { requests: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costMicros: 0, fallbackPriced: 0 };
      byModel.set(row.model, t);
    }
    t.requests += row.requests;
    t.inputTokens += row.inputTokens;
    t.outputTokens += row.outputTokens;
    t.cacheWriteTokens += row.cacheWriteTokens;
    t.cacheReadTokens += row.cacheReadTokens;
    t.costMicros += row.costMicros;
    t.fallbackPriced += row.fallbackPriced;
  }
  return byModel;
}

/**
 * One line per model with reported requests or cost in the range or this
 * month, costliest in the range first. Verifications alone (a model asked
 * for, then refused) cost nothing and are left out.
 */
export function spendByModel(
  rangeRows: Iterable<RollupRow>,
  monthRows: Iterable<RollupRow>,
  catalogue: ReadonlyMap<string, string>,
): ModelSpend[] {
  const range = sumByModel(rangeRows);
  const month = sumByModel(monthRows);
  const models = new Set([...range.keys(), ...month.keys()]);
  const lines: ModelSpend[] = [];
  for (const model of models) {
    const r = range.get(model);
    const m = month.get(model);
    if (!(r && (r.requests > 0 || r.costMicros > 0)) && !(m && m.costMicros > 0)) continue;
    lines.push({
      model,
      displayName: catalogue.get(model) ?? null,
      requests: r?.requests ?? 0,
      inputTokens: r?.inputTokens ?? 0,
      outputTokens: r?.outputTokens ?? 0,
      cacheWriteTokens: r?.cacheWriteTokens ?? 0,
      cacheReadTokens: r?.cacheReadTokens ?? 0,
      costMicros: r?.costMicros ?? 0,
      monthCostMicros: m?.costMicros ?? 0,
      fallbackPriced: r?.fallbackPriced ?? 0,
    });
  }
  return lines.sort(
    (a, b) => b.costMicros - a.costMicros || b.monthCostMicros - a.monthCostMicros || b.requests - a.requests || (a.model < b.model ? -1 : 1),
  );
}

/** Whether a model line should carry the "not in catalogue — priced at fallback" flag. */
export function pricedAtFallback(line: Pick<ModelSpend, "displayName" | "fallbackPriced" | "model">): boolean {
  return line.fallbackPriced > 0 || (line.displayName === null && line.model !== "");
}

export const BUDGET_WARNING_RATIO = 0.8;
export type BudgetLevel = "ok" | "warning" | "over";

export type BudgetProgress = {
  spentMicros: number;
  limitMicros: number;
  /** spent / limit, uncapped (1.25 = 25 % over). */
  ratio: number;
  /** "warning" from 80 %, "over" from 100 %. */
  level: BudgetLevel;
  remainingMicros: number;
};

/** Progress against a monthly limit; null when there is no limit. A zero limit is already reached. */
export function budgetProgress(spentMicros: number, limitMicros: number | null): BudgetProgress | null {
  if (limitMicros === null) return null;
  const ratio = limitMicros > 0 ? spentMicros / limitMicros : 1;
  const level: BudgetLevel = ratio >= 1 ? "over" : ratio >= BUDGET_WARNING_RATIO ? "warning" : "ok";
  return { spentMicros, limitMicros, ratio, level, remainingMicros: Math.max(0, limitMicros - spentMicros) };
}
