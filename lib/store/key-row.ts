/**
 * What the hot path reads with a key: the key, its policy, its team's limits
 * in effect (the operator's override or the default plan) and month-to-date
 * spend, in one indexed query per engine (./sqlite/store.ts,
 * ./postgres/store.ts). Both engines select the same columns; `keyRowFrom`
 * turns either result into a KeyRow.
 */
import { periodOf } from "../budgets/period";
import type { KeyRow } from "./types";

/** One row as either engine returns it (dates as epoch ms or Prisma's text, JSON as text, integers maybe as strings). */
export type StoredKeyRow = {
  id: string;
  teamId: string;
  name: string;
  environment: string;
  createdById: string | null;
  expiresAt: string | number | null;
  revokedAt: string | number | null;
  allowedModels: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  budgetMicros: number | string | null;
  ipAllowlist: string | null;
  teamSuspended: number | boolean | null;
  teamRpm: number | null;
  teamTpm: number | null;
  teamCap: number | string | null;
  teamBudget: number | string | null;
  keySpent: number | string | null;
  teamSpent: number | string | null;
};

/**
 * The select, in either dialect: identifiers quoted, `date` turns a DateTime
 * column into what the engine returns best, `periodParam` is the placeholder
 * of the current period ("YYYY-MM"); the caller appends its WHERE.
 */
export function keyRowSelect({ date, periodParam }: { date: (column: string) => string; periodParam: string }): string {
  const q = (name: string) => `"${name}"`;
  return `SELECT k.id, k.${q("teamId")}, k.name, k.environment, k.${q("createdById")},
    ${date(`k."expiresAt"`)} AS ${q("expiresAt")}, ${date(`k."revokedAt"`)} AS ${q("revokedAt")},
    k.${q("allowedModels")}, k.${q("rpmLimit")}, k.${q("tpmLimit")}, k.${q("budgetMicros")}, k.${q("ipAllowlist")},
    (t.${q("suspendedAt")} IS NOT NULL) AS ${q("teamSuspended")},
    COALESCE(t.${q("rpmLimit")}, s.${q("defaultRpmLimit")}) AS ${q("teamRpm")},
    COALESCE(t.${q("tpmLimit")}, s.${q("defaultTpmLimit")}) AS ${q("teamTpm")},
    COALESCE(t.${q("spendCapMicros")}, s.${q("defaultSpendCapMicros")}) AS ${q("teamCap")},
    t.${q("budgetMicros")} AS ${q("teamBudget")},
    (SELECT c.${q("spentMicros")} FROM ${q("SpendCounter")} c WHERE c.scope = 'key' AND c.${q("scopeId")} = k.id AND c.period = ${periodParam}) AS ${q("keySpent")},
    (SELECT c.${q("spentMicros")} FROM ${q("SpendCounter")} c WHERE c.scope = 'team' AND c.${q("scopeId")} = k.${q("teamId")} AND c.period = ${periodParam}) AS ${q("teamSpent")}
  FROM ${q("ApiKey")} k
  JOIN ${q("Team")} t ON t.id = k.${q("teamId")}
  LEFT JOIN ${q("OperatorSettings")} s ON s.id = 1`;
}

const intOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A stored JSON list of strings (a policy column); null when absent or unreadable: callers decide what that means. */
export function stringList(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null;
  } catch {
    return null;
  }
}

export function keyRowFrom(row: StoredKeyRow, parseDate: (v: string | number | null) => number | null, now: number): KeyRow {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    environment: row.environment,
    createdById: row.createdById,
    expiresAt: parseDate(row.expiresAt),
    revokedAt: parseDate(row.revokedAt),
    policy: {
      // Unreadable: no model rather than every model (null means "all"), as the allowlist below.
      allowedModels: row.allowedModels === null ? null : (stringList(row.allowedModels) ?? []),
      rpm: row.rpmLimit,
      tpm: row.tpmLimit,
      budgetMicros: intOrNull(row.budgetMicros),
      // An unreadable list must not open the key to every address: it matches nothing.
      ipAllowlist: row.ipAllowlist === null ? [] : (stringList(row.ipAllowlist) ?? ["invalid"]),
    },
    team: {
      suspended: Boolean(row.teamSuspended),
      rpm: row.teamRpm,
      tpm: row.teamTpm,
      spendCapMicros: intOrNull(row.teamCap),
      budgetMicros: intOrNull(row.teamBudget),
    },
    spend: { period: periodOf(now), keyMicros: Number(row.keySpent ?? 0), teamMicros: Number(row.teamSpent ?? 0) },
  };
}
