import { describe, expect, it } from "vitest";
import { ADMIN_ENDPOINTS } from "../admin-api/endpoints";
import { buildOpenApiDocument } from "./document";
import { responseValidator } from "./testing/response-validator";

type Json = any;

/** Every `$ref` in the document, with where it was found. */
function refsOf(node: Json, at = "#", out: { ref: string; at: string }[] = []): { ref: string; at: string }[] {
  if (Array.isArray(node)) node.forEach((item, i) => refsOf(item, `${at}/${i}`, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push({ ref: value, at });
      else refsOf(value, `${at}/${key}`, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<Json>((node, part) => (node === undefined ? undefined : node[part]), doc);
}

const METHODS = ["get", "post", "put", "delete", "patch"];

describe("buildOpenApiDocument", () => {
  const doc: Json = buildOpenApiDocument();

  it("is an OpenAPI 3.1 document with both security schemes", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.AdminKey).toMatchObject({ type: "apiKey", in: "header", name: "x-api-key" });
    expect(doc.components.securitySchemes.ServiceToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("has every Admin API endpoint, with its operation id, and the /api/v1 endpoints", () => {
    for (const endpoint of ADMIN_ENDPOINTS) {
      const operation = doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(operation, `${endpoint.method} ${endpoint.path}`).toBeDefined();
      expect(operation.operationId).toBe(endpoint.operationId);
      expect(operation.security).toEqual([{ AdminKey: [] }]);
    }
    expect(doc.paths["/api/v1/keys/verify"].post.security).toEqual([{ ServiceToken: [] }]);
    expect(doc.paths["/api/v1/usage"].post).toBeDefined();
    expect(doc.paths["/api/v1/keys/leaked"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/LeakedReport" });
  });

  it("gives every operation a success response and documented errors, with unique operation ids", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const operation = item[method];
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(1);
        expect(Object.keys(operation.responses).some((status) => status.startsWith("2")), `${method} ${path}`).toBe(true);
        expect(ids.has(operation.operationId), operation.operationId).toBe(false);
        ids.add(operation.operationId);
        if (path.startsWith("/v1/organizations/")) {
          for (const status of ["400", "401", "403", "404", "429", "500"]) {
            expect(operation.responses[status]?.content["application/json"].schema, `${method} ${path} ${status}`).toEqual({ $ref: "#/components/schemas/AdminError" });
          }
          expect(operation.parameters.find((p: Json) => p.name === "anthropic-version")).toMatchObject({ in: "header", required: true });
          for (const name of path.match(/\{(\w+)\}/g) ?? []) {
            expect(operation.parameters.find((p: Json) => p.name === name.slice(1, -1))).toMatchObject({ in: "path", required: true });
          }
        }
      }
    }
  });

  it("resolves every $ref", () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const { ref, at } of refs) expect(resolve(doc, ref), `${ref} at ${at}`).toBeDefined();
  });

  it("documents list answers as pages", () => {
    const schema = doc.components.schemas.UserList;
    expect(schema.required).toEqual(expect.arrayContaining(["data", "first_id", "last_id", "has_more"]));
  });
});

describe("the document's schemas", () => {
  it("compile as JSON Schema 2020-12 and check the documented examples", () => {
    const doc: Json = buildOpenApiDocument();
    const validate = responseValidator(doc);
    expect(validate("GET", "/v1/organizations/me", 200, doc.components.schemas.Organization.example)).toBeNull();
    expect(validate("GET", "/v1/organizations/me", 200, { id: "x", type: "team" })).toMatch(/type|required/);
    expect(validate("GET", "/v1/organizations/me", 404, doc.components.schemas.AdminError.example)).toBeNull();
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        for (const status of Object.keys(item[method].responses)) {
          // Compiling every response schema proves each is valid JSON Schema with resolvable refs.
          expect(() => validate(method, path, Number(status), null), `${method} ${path} ${status}`).not.toThrow();
        }
      }
    }
  });
});
