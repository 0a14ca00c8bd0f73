/**
 * Rollup rows summed per report bucket and per group (api key, model, or both). Pure.
 * Rollups hold one row per key × model × bucket, so a group is the sum of its rows.
 */
import type { RollupRow } from "../../usage/series";

export type GroupDimension = "api_key_id" | "model";

export type RowFilter = { apiKeyIds?: readonly string[]; models?: readonly string[] };

export type Group<A> = { apiKeyId: string | null; model: string | null; totals: A };

/** Rows of the named keys and models only (no filter: every row). */
export function filterRows(rows: readonly RollupRow[], filter: RowFilter): RollupRow[] {
  const keys = filter.apiKeyIds?.length ? new Set(filter.apiKeyIds) : null;
  const models = filter.models?.length ? new Set(filter.models) : null;
  return rows.filter((r) => (!keys || keys.has(r.keyId)) && (!models || models.has(r.model)));
}

/**
 * For each bucket start, its groups in a stable order (api key id, then model). `add`
 * folds a row into a group's totals; `keep` drops groups with nothing to report (rows
 * of verifications only). Rows outside `starts` are ignored.
 */
export function groupRows<A>(
  rows: readonly RollupRow[],
  starts: readonly number[],
  by: readonly GroupDimension[],
  empty: () => A,
  add: (totals: A, row: RollupRow) => void,
  keep: (totals: A) => boolean,
): Map<number, Group<A>[]> {
  const byKey = by.includes("api_key_id");
  const byModel = by.includes("model");
  const buckets = new Map<number, Map<string, Group<A>>>(starts.map((s) => [s, new Map()]));
  for (const row of rows) {
    const groups = buckets.get(row.bucketStart);
    if (!groups) continue;
    const apiKeyId = byKey ? row.keyId : null;
    // "" is how rollups store "no model named"; the report says null.
    const model = byModel ? row.model || null : null;
    const id = `${apiKeyId ?? ""}\u0000${model ?? ""}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { apiKeyId, model, totals: empty() }));
    add(group.totals, row);
  }
  const order = (a: string | null, b: string | null) => ((a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0);
  const out = new Map<number, Group<A>[]>();
  for (const [start, groups] of buckets) {
    out.set(
      start,
      [...groups.values()].filter((g) => keep(g.totals)).sort((a, b) => order(a.apiKeyId, b.apiKeyId) || order(a.model, b.model)),
    );
  }
  return out;
}
