import type http from "node:http";
import { z } from "zod";
import { readJsonBody, replyBodyError, sendError, sendJsonText } from "./http";
import { failed, type Route } from "./router";
import { MALFORMED_RESULT, NOT_FOUND_RESULT, verifyKey, type VerifyDeps, type VerifyResult } from "./verify-key";

// A verify body is `{"key":"gk_…"}`: anything near this size is not a verify request.
const VERIFY_MAX_BYTES = 16 * 1024;
const MALFORMED_JSON_TEXT = JSON.stringify(MALFORMED_RESULT);
const NOT_FOUND_JSON_TEXT = JSON.stringify(NOT_FOUND_RESULT);

/** The request shape; the key's own format is judged by verifyKey (MALFORMED, not a 400). */
const verifyRequestSchema = z.object(
  {
    key: z.string({
      error: (issue) => (issue.input === undefined || issue.input === null ? 'The "key" field is required.' : 'The "key" field must be a string.'),
    }),
  },
  { error: 'Send a JSON object like {"key": "gk_live_…"}.' },
);

function send(res: http.ServerResponse, result: VerifyResult): void {
  if (result === MALFORMED_RESULT) sendJsonText(res, 200, MALFORMED_JSON_TEXT);
  else if (result === NOT_FOUND_RESULT) sendJsonText(res, 200, NOT_FOUND_JSON_TEXT);
  else sendJsonText(res, 200, JSON.stringify(result));
}

/** POST /api/v1/keys/verify — 200 with the verdict for any well-formed request. */
export function verifyHandler(deps: VerifyDeps): Route {
  const answer = (res: http.ServerResponse, body: unknown): void => {
    const parsed = verifyRequestSchema.safeParse(body);
    if (!parsed.success) {
      sendError(res, 400, "INVALID_REQUEST", parsed.error.issues[0].message);
      return;
    }
    const result = verifyKey(deps, parsed.data.key, Date.now());
    if (result instanceof Promise) result.then((r) => send(res, r), (error) => failed(res, error));
    else send(res, result);
  };
  return (req, res) => {
    readJsonBody(req, VERIFY_MAX_BYTES, (error, body) => {
      try {
        if (error) replyBodyError(res, error);
        else answer(res, body);
      } catch (thrown) {
        failed(res, thrown);
      }
    });
  };
}
