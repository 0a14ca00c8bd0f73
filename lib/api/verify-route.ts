import type http from "node:http";
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

function answer(res: http.ServerResponse, body: unknown): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    sendError(res, 400, "INVALID_REQUEST", 'Send a JSON object like {"key": "gk_live_…"}.');
    return;
  }
  const key = (body as { key?: unknown }).key;
  if (key === undefined || key === null) {
    sendError(res, 400, "INVALID_REQUEST", 'The "key" field is required.');
    return;
  }
  if (typeof key !== "string") {
    sendError(res, 400, "INVALID_REQUEST", 'The "key" field must be a string.');
    return;
  }
  const result = verifyKey(key, Date.now());
  if (result === MALFORMED_RESULT) sendJsonText(res, 200, MALFORMED_JSON_TEXT);
  else if (result === NOT_FOUND_RESULT) sendJsonText(res, 200, NOT_FOUND_JSON_TEXT);
  else sendJsonText(res, 200, JSON.stringify(result));
}
