import type http from "node:http";
import { recordUsage } from "../usage/buffer";
import { readJsonOrReply, sendError, sendJson } from "./http";
import { authenticateBearer } from "./key-lookup";
import { issueDetails, normalizeReportBody, usageReportSchema } from "./usage-schema";

/**
 * POST /api/v1/usage — the provider's backend reports requests made with a
 * key (authenticated by that key). Events join the same buffer as
 * verifications and reach the database within about a second.
 */
export async function handleUsageReport(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const now = Date.now();
  const auth = authenticateBearer(req.headers.authorization, now);
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
  for (const e of parsed.data.events) {
    recordUsage({
      keyId,
      teamId,
      ts: e.timestamp ?? now,
      kind: "report",
      status: e.status,
      latencyMs: e.latencyMs,
      model: e.model ?? null,
      inputTokens: e.inputTokens ?? 0,
      outputTokens: e.outputTokens ?? 0,
    });
  }
  sendJson(res, 202, { accepted: parsed.data.events.length });
}
