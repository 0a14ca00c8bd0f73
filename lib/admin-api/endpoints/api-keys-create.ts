/** Gatehouse's own API key endpoints (Anthropic's Admin API has neither): create and rotate, each returning the secret once. */
import { z } from "zod";
import { AppError } from "../../errors";
import { createApiKey } from "../../keys/create";
import { ENVIRONMENTS, OVERLAP_MS, ROTATION_OVERLAPS, type RotationOverlap } from "../../keys/constants";
import { rotateApiKey } from "../../keys/rotate";
import { keyNameSchema } from "../../keys/schemas";
import { MAX_CUSTOM_EXPIRY_MS } from "../../keys/status";
import { OPEN_POLICY } from "../../policy/stored-policy";
import { idSchema } from "../../validation";
import { apiKeySchema, getApiKeyObject } from "../api-key-objects";
import { apiKeyPolicyInputSchema, mergePolicyInput } from "../api-key-policy";
import { defineEndpoint, type AdminEndpoint } from "../define";

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_EXPIRY_DAYS = Math.floor(MAX_CUSTOM_EXPIRY_MS / DAY_MS);
/** The overlaps the console offers (lib/keys/constants.ts), in seconds. */
const OVERLAP_SECONDS = ROTATION_OVERLAPS.map((o) => OVERLAP_MS[o] / 1000) as [number, ...number[]];
const DEFAULT_OVERLAP: RotationOverlap = "24h";

const withSecret = apiKeySchema.extend({
  secret: z.string().meta({ description: "The key itself (gk_live_… or gk_test_…). Shown this once: only a hash is stored." }),
});

const createBody = z
  .object({
    name: keyNameSchema.meta({ description: "1 to 64 characters, one line." }),
    environment: z.enum(ENVIRONMENTS, { error: `Must be one of ${ENVIRONMENTS.join(", ")}.` }),
    expires_in_days: z.number().int().min(1).max(MAX_EXPIRY_DAYS).optional().meta({ description: `Expires this many days from now (1 to ${MAX_EXPIRY_DAYS}).` }),
    expires_at: z.iso.datetime({ offset: true }).optional().meta({ description: "Expires at this instant (RFC 3339, within 5 years)." }),
    policy: apiKeyPolicyInputSchema.optional(),
  })
  .strict()
  .refine((b) => b.expires_in_days === undefined || b.expires_at === undefined, {
    message: "Give expires_in_days or expires_at, not both.",
    path: ["expires_at"],
  })
  .meta({
    id: "CreateApiKeyRequest",
    description: "Without expires_in_days or expires_at the key never expires.",
    example: { name: "payments-backend", environment: "production", expires_in_days: 90, policy: { allowed_models: ["claude-sonnet-5"], rpm_limit: 600 } },
  });

const rotateBody = z
  .object({
    // One literal per value: zod-to-openapi documents only the first value of a multi-value z.literal (found by the API fuzz).
    overlap_seconds: z
      .union(OVERLAP_SECONDS.map((seconds) => z.literal(seconds)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]], { error: `Must be one of ${OVERLAP_SECONDS.join(", ")}.` })
      .optional()
      .meta({ description: `How long the old secret keeps working: ${OVERLAP_SECONDS.join(", ")} seconds (default 86400, a day; 0 revokes it now).` }),
  })
  .strict()
  .meta({ id: "RotateApiKeyRequest", example: { overlap_seconds: 3600 } });

/** A service's field error on the expiry, named as the Admin API names the field. */
function renameExpiryError(error: unknown, field: string): never {
  if (error instanceof AppError && error.fieldErrors?.customDate) throw new AppError("INVALID", `${field}: ${error.fieldErrors.customDate}`);
  throw error;
}

export const apiKeyCreateEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "POST",
    path: "/v1/organizations/api_keys",
    operationId: "createApiKey",
    summary: "Create an API key",
    description:
      "Gatehouse's own. Makes a key as the console does (audited, with the `api_key.created` webhook event), created by this admin key " +
      "on behalf of the person who made the admin key. The answer holds the secret, once.",
    tag: "API keys",
    body: createBody,
    response: withSecret.meta({ id: "CreatedApiKey", description: "The new key, with its secret (shown once)." }),
    async handler({ actor, teamId, body }) {
      const policy = body.policy ? mergePolicyInput(OPEN_POLICY, body.policy).input : undefined;
      const customDate = body.expires_at ?? (body.expires_in_days ? new Date(Date.now() + body.expires_in_days * DAY_MS).toISOString() : undefined);
      const created = await createApiKey(actor, {
        teamId,
        name: body.name,
        environment: body.environment,
        expiry: customDate ? "custom" : "never",
        customDate,
        policy,
      }).catch((error) => renameExpiryError(error, body.expires_at ? "expires_at" : "expires_in_days"));
      return { ...(await getApiKeyObject(actor, teamId, created.key.id)), secret: created.secret };
    },
  }),
  defineEndpoint({
    method: "POST",
    path: "/v1/organizations/api_keys/{api_key_id}/rotate",
    operationId: "rotateApiKey",
    summary: "Rotate an API key",
    description:
      "Gatehouse's own. Makes a replacement with the same name, environment, expiry and policy, and keeps the old secret working for " +
      "`overlap_seconds` (its `revoked_at` is then the end of the overlap, and its `rotated_to_id` the new key). Answers the new key with its secret, once.",
    tag: "API keys",
    params: z.object({ api_key_id: idSchema("API key").meta({ description: "The key to rotate." }) }),
    body: rotateBody,
    response: withSecret.meta({ id: "RotatedApiKey", description: "The replacement key, with its secret (shown once)." }),
    async handler({ actor, teamId, params, body }) {
      const seconds = body.overlap_seconds ?? OVERLAP_MS[DEFAULT_OVERLAP] / 1000;
      const overlap = ROTATION_OVERLAPS.find((o) => OVERLAP_MS[o] === seconds * 1000)!;
      const rotated = await rotateApiKey(actor, { teamId, keyId: params.api_key_id, overlap });
      return { ...(await getApiKeyObject(actor, teamId, rotated.key.id)), secret: rotated.secret };
    },
  }),
];
