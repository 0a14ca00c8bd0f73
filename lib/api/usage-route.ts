import type http from "node:http";
import type { HotStore } from "../store/types";
import type { Admission, UsageBuffer } from "../usage/buffer";
import type { UsageEventInput } from "../usage/events";
import { readJsonOrReply, sendError, sendJson } from "./http";
import { authenticateBearer } from "./key-lookup";
import type { Route } from "./router";
import type { UsageQuota } from "./usage-limits";
import { issueDetails, normalizeReportBody, usageReportSchema } from "./usage-schema";

export type UsageReportDeps = {
  store: Pick<HotStore, "findKeyByHash">;
  usage: Pick<UsageBuffer, "admitReports" | "recordReports">;
  quota: Pick<UsageQuota, "charge">;
};

/**
 * POST /api/v1/usage — the provider's backend reports requests made with a
 * key (authenticated by that key). In order: authenticate, validate, charge
 * the ingestion quota (429), check the buffer has room (503, or 429 when the
 * team's share is used up), and only then buffer and answer 202: an
 * acknowledged event is one the buffer keeps until it is written.
 */
function refuseIfFull(res: http.ServerResponse, admission: Admission): boolean {
  if (admission.ok) return false;
  res.setHeader("retry-after", String(admission.retryAfterSeconds));
  sendError(res, admission.status, admission.code, admission.message);
  return true;
}

export function usageReportHandler(deps: UsageReportDeps): Route {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const now = Date.now();
    const auth = await authenticateBearer(deps.store, req.headers.authorization, now);
    if (!auth.ok) {
      res.setHeader("www-authenticate", 'Bearer realm="gatehouse"');
      sendError(res, 401, auth.code, auth.message);
      return;
    }
    const read = await readJsonOrReply(req, res);
    if (!read) return;
    const body = normalizeReportBody(read.body);
    const wrapped = body !== read.body;
    const parsed = usageReportSchema(now).safeParse(body);
    if (!parsed.success) {
      sendError(res, 400, "INVALID_REQUEST", "Some events are not valid.", issueDetails(parsed.error, wrapped));
      return;
    }
    const { id: keyId, teamId } = auth.key;
    const reported = parsed.data.events;
    let tokens = 0;
    for (const e of reported) tokens += (e.inputTokens ?? 0) + (e.outputTokens ?? 0);

    // A full buffer refuses before the quota is charged, so the retry it asks for is not charged twice.
    if (refuseIfFull(res, deps.usage.admitReports(teamId, reported.length))) return;
    const refused = await deps.quota.charge(keyId, teamId, reported.length, tokens, now);
    if (refused) {
      res.setHeader("retry-after", String(refused.retryAfterSeconds));
      sendError(res, 429, "RATE_LIMITED", refused.message, {
        scope: refused.scope,
        unit: refused.unit,
        limit: refused.result.limit,
        remaining: refused.result.remaining,
        resetAt: new Date(refused.result.resetAt).toISOString(),
      });
      return;
    }
    // Checked again after the last await, so nothing fills the room between this check and the push.
    if (refuseIfFull(res, deps.usage.admitReports(teamId, reported.length))) return;
    const events: UsageEventInput[] = reported.map((e) => ({
      keyId,
      teamId,
      // A clock ahead of ours (up to the 5 minutes the schema allows) is recorded at receipt,
      // so neither the charts nor the key's "last used" ever show the future.
      ts: Math.min(e.timestamp ?? now, now),
      kind: "report",
      status: e.status,
      latencyMs: e.latencyMs,
      model: e.model ?? null,
      inputTokens: e.inputTokens ?? 0,
      outputTokens: e.outputTokens ?? 0,
    }));
    deps.usage.recordReports(events);
    sendJson(res, 202, { accepted: events.length });
  };
}
