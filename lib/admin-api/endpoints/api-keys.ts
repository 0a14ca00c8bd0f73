import { z } from "zod";
import { db } from "../../db";
import { ENVIRONMENTS } from "../../keys/constants";
import { renameApiKey } from "../../keys/rename";
import { revokeApiKey } from "../../keys/revoke";
import { keyNameSchema } from "../../keys/schemas";
import { getKeyPolicy, setKeyPolicy } from "../../policy/key-policy";
import { assertPolicyFitsTeam } from "../../policy/stored-policy";
import { idSchema } from "../../validation";
import { API_KEY_STATUSES, apiKeySchema, getApiKeyObject, listApiKeyObjects } from "../api-key-objects";
import { apiKeyPolicyInputSchema, mergePolicyInput } from "../api-key-policy";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { listQuery, pageSchema } from "../pagination";
import { apiKeyCreateEndpoints } from "./api-keys-create";

export const apiKeyParams = z.object({ api_key_id: idSchema("API key").meta({ description: "The API key's id." }) });

const updateBody = z
  .object({
    name: keyNameSchema.optional().meta({ description: "1 to 64 characters, one line." }),
    policy: apiKeyPolicyInputSchema.optional(),
    status: z
      .literal("revoked", { error: 'Only "revoked" can be set: revoking is irreversible, and nothing else changes a key\'s status.' })
      .optional()
      .meta({ description: '"revoked" revokes the key at once (irreversible; a key inside a rotation\'s overlap stops working now).' }),
  })
  .strict()
  .meta({ id: "UpdateApiKeyRequest", example: { name: "payments-backend (old)", policy: { rpm_limit: 120 } } });

export const apiKeysEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/api_keys",
    operationId: "listApiKeys",
    summary: "List API keys",
    description: "The organization's API keys, newest first, never their secrets. Filter by `status`, `environment` and `created_by_user_id`.",
    tag: "API keys",
    readOnly: true,
    query: listQuery({
      status: z.enum(API_KEY_STATUSES).optional().meta({ description: "`active` includes keys inside a rotation's overlap." }),
      environment: z.enum(ENVIRONMENTS).optional(),
      created_by_user_id: idSchema("user").optional().meta({ description: "Only keys made by this person (in the console, or by their admin keys)." }),
    }),
    response: pageSchema(apiKeySchema, "ApiKeyList", "A page of API keys."),
    async handler({ actor, teamId, query }) {
      return listApiKeyObjects(actor, teamId, query);
    },
  }),
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/api_keys/{api_key_id}",
    operationId: "getApiKey",
    summary: "Get an API key",
    tag: "API keys",
    readOnly: true,
    params: apiKeyParams,
    response: apiKeySchema,
    async handler({ actor, teamId, params }) {
      return getApiKeyObject(actor, teamId, params.api_key_id);
    },
  }),
  defineEndpoint({
    method: "POST",
    path: "/v1/organizations/api_keys/{api_key_id}",
    operationId: "updateApiKey",
    summary: "Update an API key",
    description:
      "Changes the name, the policy (only the fields given; the console's rules and the team's limits apply) and/or revokes the key " +
      "(`status: \"revoked\"`). The whole body is checked before anything changes; the changes are then applied in the order " +
      "name, policy, status, each audited and committed on its own. Revoking an already revoked key changes nothing.",
    tag: "API keys",
    params: apiKeyParams,
    body: updateBody,
    response: apiKeySchema,
    async handler({ actor, teamId, params, body }) {
      const keyId = params.api_key_id;
      const current = await getApiKeyObject(actor, teamId, keyId);
      let policy: ReturnType<typeof mergePolicyInput> | undefined;
      if (body.policy) {
        const stored = (await getKeyPolicy(actor, { teamId, keyId })).policy;
        policy = mergePolicyInput(stored, body.policy);
        // Models and the team's ceiling, checked again by setKeyPolicy: here so a bad policy stops the rename too.
        await assertPolicyFitsTeam(db, teamId, policy.values, stored);
      }
      if (body.name !== undefined) await renameApiKey(actor, { teamId, keyId, name: body.name });
      if (policy) await setKeyPolicy(actor, { teamId, keyId, policy: policy.input });
      if (body.status === "revoked" && current.status !== "revoked") await revokeApiKey(actor, { teamId, keyId });
      return getApiKeyObject(actor, teamId, keyId);
    },
  }),
  ...apiKeyCreateEndpoints,
];
