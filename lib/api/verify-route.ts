import type http from "node:http";
import { isIP } from "node:net";
import { z } from "zod";
import { recordRequest, recordVerify } from "../metrics/requests";
import { MAX_MODEL_LENGTH, MAX_TOKENS_PER_EVENT } from "../usage/events";
import { BodyError, readJsonBody, replyBodyError, sendError, sendJsonText } from "./http";
import { failed, type Route } from "./router";
import { MALFORMED_RESULT, NOT_FOUND_RESULT, verifyKey, type VerifyDeps, type VerifyResult } from "./verify-key";

// A verify body is a key and three short fields: anything near this size is not a verify request.
const VERIFY_MAX_BYTES = 16 * 1024;
const MALFORMED_JSON_TEXT = JSON.stringify(MALFORMED_RESULT);
const NOT_FOUND_JSON_TEXT = JSON.stringify(NOT_FOUND_RESULT);

/** The request shape; the key's own format is judged by verifyKey (MALFORMED, not a 400). */
export const verifyRequestSchema = z.object(
  {
    key: z.string({
      error: (issue) => (issue.input === undefined || issue.input === null ? 'The "key" field is required.' : 'The "key" field must be a string.'),
    }),
    model: z
      .string({ error: 'The "model" field must be a string.' })
      .min(1, 'The "model" field cannot be empty.')
      .max(MAX_MODEL_LENGTH, `The "model" field has at most ${MAX_MODEL_LENGTH} characters.`)
      .optional(),
    ip: z
      .string({ error: 'The "ip" field must be a string.' })
      .refine((ip) => isIP(ip) !== 0, 'The "ip" field must be an IPv4 or IPv6 address, like "203.0.113.7".')
      .optional(),
    estimatedTokens: z
      .number({ error: 'The "estimatedTokens" field must be a whole number.' })
      .int('The "estimatedTokens" field must be a whole number.')
      .min(0, 'The "estimatedTokens" field cannot be negative.')
      .max(MAX_TOKENS_PER_EVENT, `The "estimatedTokens" field is at most ${MAX_TOKENS_PER_EVENT.toLocaleString("en-US")}.`)
      .optional(),
  },
  { error: 'Send a JSON object like {"key": "gk_live_…", "model": "claude-sonnet-5", "ip": "203.0.113.7"}.' },
);

/** Answers a verdict, counted with its code and timed from `startedAt` (performance.now() when the request was handled). */
function send(res: http.ServerResponse, result: VerifyResult, startedAt: number): void {
  if (result === MALFORMED_RESULT) sendJsonText(res, 200, MALFORMED_JSON_TEXT);
  else if (result === NOT_FOUND_RESULT) sendJsonText(res, 200, NOT_FOUND_JSON_TEXT);
  else sendJsonText(res, 200, JSON.stringify(result));
  recordVerify(result.code, startedAt);
}

function fail(res: http.ServerResponse, error: unknown): void {
  recordRequest("verify", "5xx");
  failed(res, error);
}

/** POST /api/v1/keys/verify — 200 with the verdict for any well-formed request (the service token is checked before). */
export function verifyHandler(deps: VerifyDeps): Route {
  const answer = (res: http.ServerResponse, body: unknown, startedAt: number): void => {
    const parsed = verifyRequestSchema.safeParse(body);
    if (!parsed.success) {
      recordRequest("verify", "4xx");
      sendError(res, 400, "INVALID_REQUEST", parsed.error.issues[0].message);
      return;
    }
    const result = verifyKey(deps, parsed.data, Date.now());
    if (result instanceof Promise) result.then((r) => send(res, r, startedAt), (error) => fail(res, error));
    else send(res, result, startedAt);
  };
  return (req, res) => {
    const startedAt = performance.now();
    readJsonBody(req, VERIFY_MAX_BYTES, (error, body) => {
      try {
        if (error) {
          if (error instanceof BodyError) recordRequest("verify", "4xx");
          replyBodyError(res, error);
        } else answer(res, body, startedAt);
      } catch (thrown) {
        fail(res, thrown);
      }
    });
  };
}
