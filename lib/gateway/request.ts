/**
 * What the gateway reads of a partner's request: its key, the caller's
 * address, and the few body fields the decision needs (everything else is
 * the upstream's to judge).
 */
import type http from "node:http";
import { isIP } from "node:net";
import { z } from "zod";
import { MAX_MODEL_LENGTH } from "../usage/events";
import { singleLineText } from "../validation";

/** Anthropic's own cap on a Messages request. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** The few fields the gateway reads; everything else is the upstream's to judge. */
export const fieldsSchema = z.object({
  model: singleLineText({
    min: 1,
    minMessage: "model: must not be empty",
    max: MAX_MODEL_LENGTH,
    maxMessage: `model: at most ${MAX_MODEL_LENGTH} characters`,
  }),
  max_tokens: z.number({ error: "max_tokens: must be a whole number" }).int("max_tokens: must be a whole number").min(1, "max_tokens: must be at least 1").optional(),
  stream: z.boolean({ error: "stream: must be true or false" }).optional(),
});

/** The partner's key: x-api-key, else a bearer token (recent SDKs send their key that way). */
export function keyOf(req: http.IncomingMessage): string | undefined {
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey !== "") return apiKey.trim();
  const auth = req.headers.authorization;
  if (auth !== undefined && auth.length > 7 && auth.slice(0, 7).toLowerCase() === "bearer ") return auth.slice(7).trim();
  return undefined;
}

/** The caller's address as the HTTP server settled it (x-real-ip: the socket's, or the trusted proxy's). */
export function callerIp(req: http.IncomingMessage): string | undefined {
  const ip = req.headers["x-real-ip"];
  return typeof ip === "string" && isIP(ip) !== 0 ? ip : undefined;
}
