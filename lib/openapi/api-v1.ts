/**
 * The /api/v1 endpoints (service token) in the OpenAPI document: request schemas are
 * the ones the handlers validate with; the answers, built by hand in the handlers,
 * are described here.
 */
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { leakedAnswerSchema, leakedReportSchema } from "../api/leaked-schema";
import { usageReportSchema } from "../api/usage-schema";
import { verifyRequestSchema } from "../api/verify-route";
import { VERIFY_CODES } from "../verify/codes";

export const apiV1ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "A stable machine code: branch on it, never on the message." }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "ApiError", description: "Every /api/v1 failure.", example: { error: { code: "INVALID_SERVICE_TOKEN", message: "This service token is not valid." } } });

const rate = z.object({ limit: z.number(), remaining: z.number(), resetAt: z.string() }).nullable();

export const verifyAnswerSchema = z
  .object({
    valid: z.boolean(),
    code: z.enum(VERIFY_CODES),
    keyId: z.string().optional(),
    teamId: z.string().optional(),
    environment: z.string().optional(),
    name: z.string().optional(),
    expiresAt: z.string().nullable().optional(),
    message: z.string().optional().meta({ description: "Why the key is refused (not for VALID)." }),
    limits: z
      .object({
        requests: rate,
        tokens: rate,
        budget: z.object({}).catchall(z.unknown()).nullable(),
      })
      .optional(),
    reservation: z.object({ id: z.string(), tokens: z.number() }).optional(),
  })
  .catchall(z.unknown())
  .meta({
    id: "VerifyAnswer",
    description: "The verdict on a key. MALFORMED and NOT_FOUND carry only `valid` and `code`.",
    example: { valid: false, code: "NOT_FOUND" },
  });

export const usageAnswerSchema = z
  .object({ accepted: z.number().int(), costMicros: z.number().int() })
  .meta({ id: "UsageAnswer", description: "Events buffered for writing, and their price in micro-dollars.", example: { accepted: 2, costMicros: 5400 } });

function errors(statuses: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [status, { description, content: { "application/json": { schema: apiV1ErrorSchema } } }]),
  );
}

export function registerApiV1(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/api/v1/keys/verify",
    operationId: "verifyKey",
    summary: "Verify a key",
    description: "May this key make this request (model, caller IP, limits, budget) right now? Counted as usage of the key. Every well-formed request is answered 200 with the verdict.",
    tags: ["Verify and usage"],
    security: [{ ServiceToken: [] }],
    request: {
      body: { required: true, content: { "application/json": { schema: verifyRequestSchema.meta({ id: "VerifyRequest", example: { key: "gk_live_…", model: "claude-sonnet-5", ip: "203.0.113.7" } }) } } },
    },
    responses: {
      200: { description: "The verdict.", content: { "application/json": { schema: verifyAnswerSchema } } },
      ...errors({ 400: "Not a verify request.", 401: "No live service token.", 413: "Body over 16 KiB.", 500: "Unexpected failure." }),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/usage",
    operationId: "reportUsage",
    summary: "Report usage",
    description: "Report what happened to requests made with keys (status, latency, model, tokens); Gatehouse prices them. One event or `{ events: [...] }`.",
    tags: ["Verify and usage"],
    security: [{ ServiceToken: [] }],
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: usageReportSchema(Date.now()).meta({
              id: "UsageReport",
              example: { events: [{ keyId: "cmf1a2b3c0000key1", status: 200, latencyMs: 812, model: "claude-sonnet-5", inputTokens: 1200, outputTokens: 300 }] },
            }),
          },
        },
      },
    },
    responses: {
      202: { description: "Accepted and buffered.", content: { "application/json": { schema: usageAnswerSchema } } },
      ...errors({ 400: "Invalid events or unknown keys.", 401: "No live service token.", 413: "Body over 1 MiB.", 429: "An ingestion quota is used up (Retry-After).", 503: "The buffer is full (Retry-After).", 500: "Unexpected failure." }),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/keys/leaked",
    operationId: "reportLeakedKeys",
    summary: "Report leaked keys",
    description:
      "Secret scanners (GitHub's secret-scanning partner program) report strings found in public. A live Gatehouse key among them is revoked at once, " +
      "marked as leaked with where it was found, audited, and its team told by email and webhook. Authenticated by a service token, or by GitHub's " +
      "ECDSA signature (Github-Public-Key-Identifier and Github-Public-Key-Signature headers) verified against the keys the operator configured.",
    tags: ["Verify and usage"],
    security: [{ ServiceToken: [] }, {}],
    request: { body: { required: true, content: { "application/json": { schema: leakedReportSchema } } } },
    responses: {
      200: { description: "One label per reported token, in order.", content: { "application/json": { schema: leakedAnswerSchema } } },
      ...errors({ 400: "Not a report in the partner format.", 401: "Neither a live service token nor a valid signature.", 413: "Body too large.", 429: "Too many reports this minute from this caller (Retry-After).", 500: "Unexpected failure." }),
    },
  });
}
