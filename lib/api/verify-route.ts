import type http from "node:http";
import { z } from "zod";
import { readJsonBody, replyBodyError, sendError, sendJsonText } from "./http";
import { failed } from "./router";
import { MALFORMED_RESULT, NOT_FOUND_RESULT, verifyKey } from "./verify-key";

// A verify body is `{"key":"gk_…"}`: anything near this size is not a verify request.
const VERIFY_MAX_BYTES = 16 * 1024;
const MALFORMED_JSON_TEXT = JSON.stringify(MALFORMED_RESULT);
const NOT_FOUND_JSON_TEXT = JSON.stringify(NOT_FOUND_RESULT);

/** POST /api/v1/keys/verify — 200 with the verdict for any well-formed request. */
export function handleVerify(req: http.IncomingMessage, res: http.ServerResponse): void {
  readJsonBody(req, VERIFY_MAX_BYTES, (error, body) => {
    try {
      if (error) replyBodyError(res, error);
      else answer(res, body);
    } catch (thrown) {
      failed(res, thrown);
    }
  });
}

/** The request shape; the key's own format is judged by verifyKey (MALFORMED, not a 400). */
const verifyRequestSchema = z.object(
  {
    key: z.string({
      error: (issue) => (issue.input === undefined || issue.input === null ? 'The "key" field is required.' : 'The "key" field must be a string.'),
    }),
  },
  { error: 'Send a JSON object like {"key": "gk_live_…"}.' },
);

function answer(res: http.ServerResponse, body: unknown): void {
  const parsed = verifyRequestSchema.safeParse(body);
  if (!parsed.success) {
    sendError(res, 400, "INVALID_REQUEST", parsed.error.issues[0].message);
    return;
  }
  const { key } = parsed.data;
  const result = verifyKey(key, Date.now());
  if (result === MALFORMED_RESULT) sendJsonText(res, 200, MALFORMED_JSON_TEXT);
  else if (result === NOT_FOUND_RESULT) sendJsonText(res, 200, NOT_FOUND_JSON_TEXT);
  else sendJsonText(res, 200, JSON.stringify(result));
}
