import { databaseConfig } from "./db-url";
import type { Tx } from "./db";

/**
 * Row locks for invariants that span several rows ("a team keeps an owner",
 * "one pending invitation per address") or that a read-then-write must not
 * lose ("a revoked key stays revoked").
 *
 * Why: PostgreSQL runs transactions at READ COMMITTED, so two requests that
 * each count the owners (or look for a pending invitation) before writing both
 * see the state before the other's uncommitted write, and both go ahead.
 * Taking the lock as the transaction's first statement makes the second
 * request wait until the first commits; its reads after the lock then see
 * that commit (each statement takes a fresh snapshot at READ COMMITTED).
 *
 * On SQLite this is a no-op: every transaction there is BEGIN IMMEDIATE on
 * the one write connection (lib/db-sqlite.ts), so transactions already run
 * one at a time.
 *
 * FOR NO KEY UPDATE rather than FOR UPDATE: it still excludes every other
 * locker, but not the FOR KEY SHARE that inserting a row referencing this one
 * takes (a membership, an audit record, a key of the team), so ordinary writes
 * under the team are not held up and cannot deadlock against it.
 */
async function lockRow(tx: Tx, table: "Team" | "ApiKey" | "Model" | "OperatorSettings", where: string, ...values: string[]): Promise<void> {
  if (databaseConfig().engine !== "postgres") return;
  // The table and column names come from the fixed list above, never from input; values are bound.
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE ${where} FOR NO KEY UPDATE`, ...values);
}

/**
 * Serialises the transactions that change a team's members, their roles or its
 * pending invitations. Call it first in the transaction, before any read the
 * decision depends on. A missing team locks nothing (the caller's membership
 * check then answers "not found").
 */
export function lockTeam(tx: Tx, teamId: string): Promise<void> {
  return lockRow(tx, "Team", `"id" = $1`, teamId);
}

/** Serialises rotation and revocation of one key of a team; call it before reading the key. */
export function lockApiKey(tx: Tx, teamId: string, keyId: string): Promise<void> {
  return lockRow(tx, "ApiKey", `"id" = $1 AND "teamId" = $2`, keyId, teamId);
}

/** Serialises operator changes to one catalogue model, so each audit's "before" is the state it replaces. */
export function lockModel(tx: Tx, modelId: string): Promise<void> {
  return lockRow(tx, "Model", `"id" = $1`, modelId);
}

/** Serialises changes to the operator's settings row (the default plan and fallback price) for the same reason. */
export function lockOperatorSettings(tx: Tx): Promise<void> {
  return lockRow(tx, "OperatorSettings", `"id" = 1`);
}
