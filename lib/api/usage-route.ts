import type http from "node:http";
import { parseKey } from "../keys/format";
import type { GcraLimiter } from "../limits/gcra";
import type { Catalogue } from "../pricing/catalogue";
import type { HotStore, KeyRow } from "../store/types";
import type { Admission, UsageBuffer } from "../usage/buffer";
import type { UsageEventInput } from "../usage/events";
import { tokenBuckets } from "../verify/rate-limits";
import type { Reservations } from "../verify/reservation";
import type { SpendLedger } from "../verify/spend";
import { readJsonOrReply, sendError, sendJson } from "./http";
import { secretHash } from "./key-lookup";
import type { Route } from "./router";
import type { UsageQuota } from "./usage-limits";
import { issueDetails, keyRefOf, normalizeReportBody, usageReportSchema } from "./usage-schema";

export type UsageReportDeps = {
  store: Pick<HotStore, "findKeyByHash" | "findKeyById">;
  usage: Pick<UsageBuffer, "admitReports" | "recordReports">;
  quota: Pick<UsageQuota, "charge">;
  gcra: GcraLimiter;
  catalogue: { readonly catalogue: Catalogue };
  spend: SpendLedger;
  reservations: Reservations;
};

/** Tokens that count against tokens-per-minute: input, output and cache writes (cache reads are not limited, as at Anthropic). */
export function limitedTokens(e: { inputTokens?: number; outputTokens?: number; cacheWriteTokens?: number }): number {
  return (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheWriteTokens ?? 0);
}

function refuseIfFull(res: http.ServerResponse, admission: Admission): boolean {
  if (admission.ok) return false;
  res.setHeader("retry-after", String(admission.retryAfterSeconds));
  sendError(res, admission.status, admission.code, admission.message);
  return true;
}

async function findKey(deps: UsageReportDeps, ref: { keyId: string } | { key: string }): Promise<KeyRow | undefined> {
  if ("keyId" in ref) return deps.store.findKeyById(ref.keyId);
  return parseKey(ref.key) ? deps.store.findKeyByHash(secretHash(ref.key)) : undefined;
}

type Group = { row: KeyRow; events: UsageEventInput[]; tokens: number; reservations: string[] };

/**
 * POST /api/v1/usage — the provider's backend (service token, checked before)
 * reports requests made with keys. In order: validate; resolve every key (an
 * unknown one refuses the whole report, 400); check the buffer has room (503,
 * or 429 for a team's share); charge the ingestion quotas (429, whole report
 * or nothing); price each event from the catalogue at its time; settle token
 * reservations; buffer and answer 202. An acknowledged event is one the
 * buffer keeps until it is written.
 */
export function usageReportHandler(deps: UsageReportDeps): Route {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const read = await readJsonOrReply(req, res);
    if (!read) return;
    const now = Date.now();
    const body = normalizeReportBody(read.body);
    const wrapped = body !== read.body;
    const parsed = usageReportSchema(now).safeParse(body);
    if (!parsed.success) {
      sendError(res, 400, "INVALID_REQUEST", "Some events are not valid.", issueDetails(parsed.error, wrapped));
      return;
    }
    const report = parsed.data;

    const groups = new Map<string, Group>();
    const problems: { path: string; message: string }[] = [];
    const lookups = new Map<string, Promise<KeyRow | undefined>>();
    const rows = await Promise.all(
      report.events.map((e) => {
        const ref = keyRefOf(e, report);
        if (!ref) return Promise.resolve(undefined);
        const id = "keyId" in ref ? `i:${ref.keyId}` : `k:${ref.key}`;
        let lookup = lookups.get(id);
        if (!lookup) lookups.set(id, (lookup = findKey(deps, ref)));
        return lookup;
      }),
    );
    const catalogue = deps.catalogue.catalogue;
    report.events.forEach((e, i) => {
      const row = rows[i];
      const path = wrapped ? "" : `events.${i}.`;
      if (!keyRefOf(e, report)) problems.push({ path: `${path}keyId`, message: 'Name the key: "keyId" (from the verify answer) or "key".' });
      else if (!row) problems.push({ path: `${path}${e.keyId !== undefined || (e.key === undefined && report.keyId !== undefined) ? "keyId" : "key"}`, message: "No such key." });
      if (!row) return;
      // A clock ahead of ours (up to the 5 minutes the schema allows) is recorded at receipt,
      // so neither the charts nor the key's "last used" ever show the future.
      const ts = Math.min(e.timestamp ?? now, now);
      const tokens = { inputTokens: e.inputTokens ?? 0, outputTokens: e.outputTokens ?? 0, cacheWriteTokens: e.cacheWriteTokens ?? 0, cacheReadTokens: e.cacheReadTokens ?? 0 };
      const priced = catalogue.price(e.model, ts, tokens);
      const event: UsageEventInput = {
        keyId: row.id, teamId: row.teamId, ts, kind: "report", status: e.status, latencyMs: e.latencyMs, model: e.model ?? null,
        ...tokens, costMicros: priced.costMicros, fallbackPriced: priced.fallbackPriced,
      };
      let group = groups.get(row.id);
      if (!group) groups.set(row.id, (group = { row, events: [], tokens: 0, reservations: [] }));
      group.events.push(event);
      group.tokens += limitedTokens(tokens);
      if (e.reservation) group.reservations.push(e.reservation);
    });
    if (problems.length > 0) {
      sendError(res, 400, "INVALID_REQUEST", "Some events name no known key.", problems.slice(0, 20));
      return;
    }

    const perTeam = new Map<string, number>();
    for (const g of groups.values()) perTeam.set(g.row.teamId, (perTeam.get(g.row.teamId) ?? 0) + g.events.length);
    const admitAll = (): boolean => {
      for (const [teamId, count] of perTeam) if (refuseIfFull(res, deps.usage.admitReports(teamId, count))) return false;
      return true;
    };
    // A full buffer refuses before the quota is charged, so the retry it asks for is not charged twice.
    if (!admitAll()) return;
    const charged: Group[] = [];
    for (const g of groups.values()) {
      const refused = await deps.quota.charge(g.row.id, g.row.teamId, g.events.length, g.tokens, now);
      if (refused) {
        // Whole report or nothing: what the earlier keys were charged is given back.
        for (const c of charged) await deps.quota.charge(c.row.id, c.row.teamId, -c.events.length, -c.tokens, now);
        res.setHeader("retry-after", String(refused.retryAfterSeconds));
        sendError(res, 429, "RATE_LIMITED", refused.message, {
          scope: refused.scope,
          unit: refused.unit,
          keyId: g.row.id,
          limit: refused.result.limit,
          remaining: refused.result.remaining,
          resetAt: new Date(refused.result.resetAt).toISOString(),
        });
        return;
      }
      charged.push(g);
    }
    // Checked again after the last await, so nothing fills the room between this check and the push.
    if (!admitAll()) return;

    let cost = 0;
    const events: UsageEventInput[] = [];
    for (const g of groups.values()) {
      settleTokens(deps, g.row, g.tokens, g.reservations, now);
      for (const e of g.events) {
        cost += e.costMicros ?? 0;
        events.push(e);
      }
    }
    deps.spend.add(events);
    deps.usage.recordReports(events);
    sendJson(res, 202, { accepted: events.length, costMicros: cost });
  };
}

/**
 * Charges a key's reported tokens to its tokens-per-minute buckets: the
 * difference from what its verify call reserved, or all of them when it
 * reserved nothing. Best effort: a limiter outage must not refuse the report.
 * The gateway (lib/gateway/) settles its own requests through it too.
 */
export function settleTokens(
  deps: Pick<UsageReportDeps, "gcra" | "reservations">,
  row: KeyRow,
  tokens: number,
  reservations: readonly string[],
  now: number,
): void {
  const buckets = tokenBuckets(row);
  if (buckets.length === 0) return;
  let reserved = 0;
  for (const id of reservations) {
    const r = deps.reservations.claim(id, now, row.id);
    if (r) reserved += r.tokens;
  }
  const delta = tokens - reserved;
  if (delta === 0) return;
  for (const { key, rule } of buckets) {
    try {
      const settled = deps.gcra.settle(key, rule, delta, now);
      if (settled instanceof Promise) settled.catch((error: Error) => console.warn(`[limits] could not settle tokens: ${error.message}`));
    } catch (error) {
      console.warn(`[limits] could not settle tokens: ${(error as Error).message}`);
    }
  }
}
