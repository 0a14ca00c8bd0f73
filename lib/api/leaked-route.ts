/**
 * POST /api/v1/keys/leaked — reports of keys found in public, in GitHub's
 * secret-scanning partner format (./leaked-schema.ts; what happens: lib/keys/leaked.ts).
 *
 * Authenticated by either
 * - a service token (`Authorization: Bearer gks_…`, as every /api/v1 endpoint), for the
 *   provider's own scanners, or
 * - GitHub's signature (`Github-Public-Key-Identifier`, `Github-Public-Key-Signature`)
 *   over the raw body, verified against GITHUB_SECRET_SCANNING_KEYS before the body is
 *   parsed.
 * Each caller (service token, GitHub key identifier) may send LEAKED_REPORTS_PER_MINUTE
 * reports a minute. The answer comes once the live keys are revoked; the emails go out after.
 */
import crypto from "node:crypto";
import type http from "node:http";
import { notifyLeaks, revokeLeakedKeys, GITHUB_REPORTER, SERVICE_TOKEN_REPORTER } from "../keys/leaked";
import type { HotPathLimiter } from "../limits/from-config";
import { retryAfterSeconds } from "../limits/limiter";
import { countAnswers } from "../metrics/requests";
import { requestMetaFrom } from "../request-meta";
import type { HotStore } from "../store/types";
import { GITHUB_KEY_ID_HEADER, GITHUB_SIGNATURE_HEADER, verifyGithubSignature, type GithubKeyring } from "./github-signature";
import { BodyError, MAX_BODY_BYTES, replyBodyError, sendError, sendJson } from "./http";
import { leakedReportSchema } from "./leaked-schema";
import type { Route } from "./router";
import { withServiceToken } from "./service-auth";

export const LEAKED_REPORTS_PER_MINUTE = 60;

export type LeakedDeps = {
  store: Pick<HotStore, "findServiceToken" | "touchServiceToken">;
  /** Counts each caller's reports (the server's hot-path limiter: Redis across replicas when configured). */
  limiter: HotPathLimiter;
  githubKeys: GithubKeyring;
  /** Reports per caller per minute; LEAKED_REPORTS_PER_MINUTE unless a test says otherwise. */
  perMinute?: number;
  log?: Pick<Console, "error">;
  /** Pauses between email attempts (tests: none). */
  retryPausesMs?: readonly number[];
};

/** The raw body, at most `maxBytes` (BodyError 413 beyond). */
function readRawBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        reject(new BodyError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB."));
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

const header = (req: http.IncomingMessage, name: string) => {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
};

function refuse(res: http.ServerResponse, code: string, message: string): void {
  res.setHeader("www-authenticate", 'Bearer realm="gatehouse"');
  sendError(res, 401, code, message);
}

export function leakedReportHandler(deps: LeakedDeps): Route {
  const { log = console } = deps;
  const rule = { limit: deps.perMinute ?? LEAKED_REPORTS_PER_MINUTE, windowMs: 60_000 };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, caller: string, reporter: string, raw?: Buffer): Promise<void> => {
    const now = Date.now();
    const limited = await deps.limiter.consume(`leaked:${caller}`, rule, 1, now);
    if (!limited.allowed) {
      res.setHeader("retry-after", String(retryAfterSeconds(limited, now)));
      sendError(res, 429, "RATE_LIMITED", `At most ${rule.limit} reports a minute.`);
      return;
    }
    try {
      raw ??= await readRawBody(req, MAX_BODY_BYTES);
    } catch (error) {
      return replyBodyError(res, error as Error);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return sendError(res, 400, "MALFORMED_JSON", "The request body is not valid JSON.");
    }
    const parsed = leakedReportSchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
      return sendError(res, 400, "INVALID_REQUEST", 'Send a JSON array of {"token", "type", "url", "source"} objects (1 to 1000).', details);
    }
    const meta = requestMetaFrom((name) => header(req, name) || null);
    const { answer, revoked } = await revokeLeakedKeys(parsed.data, { name: reporter, ...meta }, new Date(now));
    sendJson(res, 200, answer);
    if (revoked.length) {
      notifyLeaks(revoked, reporter, { log, retryPausesMs: deps.retryPausesMs }).catch((error) =>
        log.error("[leaked-keys] could not email about revoked keys:", (error as Error)?.message ?? error),
      );
    }
  };

  const viaServiceToken = withServiceToken(deps.store, (req, res) => {
    const token = /^Bearer\s+(\S+)/i.exec(header(req, "authorization"))?.[1] ?? "";
    return handle(req, res, `token:${crypto.createHash("sha256").update(token).digest("hex").slice(0, 32)}`, SERVICE_TOKEN_REPORTER);
  });

  return countAnswers("leaked_keys", async (req, res) => {
    if (header(req, "authorization")) return viaServiceToken(req, res);
    const keyId = header(req, GITHUB_KEY_ID_HEADER);
    const signature = header(req, GITHUB_SIGNATURE_HEADER);
    if (!keyId || !signature) {
      return refuse(res, "MISSING_AUTHENTICATION", "Call this endpoint with a service token (`Authorization: Bearer gks_…`) or GitHub's signature headers.");
    }
    let raw: Buffer;
    try {
      raw = await readRawBody(req, MAX_BODY_BYTES);
    } catch (error) {
      return replyBodyError(res, error as Error);
    }
    if (!verifyGithubSignature(deps.githubKeys, keyId, signature, raw)) {
      return refuse(res, "INVALID_SIGNATURE", "The signature does not verify with a GitHub secret-scanning key this install knows.");
    }
    return handle(req, res, `github:${keyId.slice(0, 200)}`, GITHUB_REPORTER, raw);
  });
}
