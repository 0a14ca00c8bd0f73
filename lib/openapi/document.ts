/**
 * The one OpenAPI 3.1 document of Gatehouse's machine APIs, generated from the
 * zod schemas the handlers validate with (never written by hand): the Admin API
 * (ADMIN_ENDPOINTS) and the /api/v1 endpoints. Served at GET /api/openapi.json.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { AdminEndpoint } from "../admin-api/define";
import { ADMIN_ENDPOINTS } from "../admin-api/endpoints";
import { adminErrorSchema } from "../admin-api/errors";
import { registerApiV1 } from "./api-v1";

type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const versionHeader = z.object({
  "anthropic-version": z.string().min(1).meta({ description: "Required; any value (e.g. 2023-06-01), as with Anthropic's API.", example: "2023-06-01" }),
});

const requestIdHeader = { "request-id": { description: "This request's id in the server's log.", schema: { type: "string" as const } } };

function errorResponse(description: string) {
  return { description, headers: requestIdHeader, content: { "application/json": { schema: adminErrorSchema } } };
}

/** The failures an endpoint can answer, each with Anthropic's error shape. */
function errorResponses(endpoint: AdminEndpoint): RouteConfig["responses"] {
  return {
    400: errorResponse("invalid_request_error: a missing anthropic-version header, or invalid parameters, query or body."),
    401: errorResponse("authentication_error: no live admin key, or its creator is no longer an owner or admin."),
    403: errorResponse(endpoint.readOnly ? "permission_error: the admin key may not read this." : "permission_error: a read-only key, or a change the console's rules refuse."),
    404: errorResponse("not_found_error: no such item in this organization."),
    ...(endpoint.readOnly ? {} : { 409: errorResponse("invalid_request_error: the change conflicts with the current state.") }),
    ...(endpoint.body ? { 413: errorResponse("request_too_large: a body over 1 MiB.") } : {}),
    429: { ...errorResponse("rate_limit_error: too many requests with this admin key this minute."), headers: { ...requestIdHeader, "retry-after": { description: "Seconds to wait.", schema: { type: "integer" as const } } } },
    500: errorResponse("api_error: an unexpected failure (logged with the request id)."),
  };
}

function routeOf(endpoint: AdminEndpoint): RouteConfig {
  const access = endpoint.readOnly ? "Admin and read-only keys." : "Admin keys only (read-only keys get 403).";
  return {
    method: endpoint.method.toLowerCase() as RouteConfig["method"],
    path: endpoint.path,
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: [endpoint.description, access].filter(Boolean).join("\n\n"),
    tags: [endpoint.tag],
    security: [{ AdminKey: [] }],
    request: {
      headers: versionHeader,
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { query: endpoint.query } : {}),
      ...(endpoint.body ? { body: { required: true, content: { "application/json": { schema: endpoint.body } } } } : {}),
    },
    responses: {
      200: { description: "Success.", headers: requestIdHeader, content: { "application/json": { schema: endpoint.response } } },
      ...errorResponses(endpoint),
    },
  };
}

export function buildOpenApiDocument(endpoints: AdminEndpoint[] = ADMIN_ENDPOINTS): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "AdminKey", {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
    description: "A team admin key (`gk_admin_…`), created by an owner or admin in the console (Settings → Admin keys).",
  });
  registry.registerComponent("securitySchemes", "ServiceToken", {
    type: "http",
    scheme: "bearer",
    description: "A service token (`gks_…`) issued by an operator (Operator → Service tokens).",
  });
  for (const endpoint of endpoints) registry.registerPath(routeOf(endpoint));
  registerApiV1(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "The Admin API (`/v1/organizations/…`, Anthropic's Admin API shapes: `x-api-key` with an admin key, `anthropic-version`, `{ data, first_id, last_id, has_more }` pages, Anthropic's error shape) and the provider-backend API (`/api/v1/…`, service tokens). See docs/admin-api.md and docs/api.md.",
    },
    tags: [
      { name: "Organization" },
      { name: "Users" },
      { name: "Invites" },
      { name: "API keys" },
      { name: "Usage and cost" },
      { name: "Audit log" },
      { name: "Verify and usage", description: "The provider's backend: /api/v1, service tokens." },
    ],
  });
}

let cached: string | undefined;

/** The document as JSON text, built once per process (it depends only on the code). */
export function openApiJson(): string {
  return (cached ??= JSON.stringify(buildOpenApiDocument()));
}
