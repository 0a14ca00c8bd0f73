import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../document";
import { bodySchemaOf, caseArbitrary, operationsOf, parametersOf, type FuzzCase, type Operation } from "./arbitraries";
import { mutatedArbitrary } from "./mutations";
import { schemaChecker } from "./schema-check";
import { validArbitrary, type JsonSchema } from "./schema-arbitrary";
import { materialise, resolveSeeds } from "./send";

const doc: any = buildOpenApiDocument();

/** An ajv (JSON Schema 2020-12) validator of `schema`, whose local `$ref`s point into `root`. */
const checkers = new Map<object, ReturnType<typeof schemaChecker>>();
/** An ajv validator of `schema`, whose local `$ref`s point into `root`. */
function compile(root: object, schema: JsonSchema) {
  let checker = checkers.get(root);
  if (!checker) checkers.set(root, (checker = schemaChecker(root)));
  return checker(schema);
}

/** A made-up document using every keyword the builder supports. */
const synthetic = {
  components: {
    schemas: {
      Tag: { type: "string", enum: ["red", "green"] },
      Item: {
        type: "object",
        properties: {
          id: { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" },
          count: { type: "integer", minimum: 1, maximum: 1000 },
          price: { type: "number", exclusiveMinimum: 0, maximum: 50 },
          email: { type: "string", format: "email", maxLength: 254 },
          at: { type: "string", format: "date-time" },
          site: { type: "string", format: "uri" },
          note: { type: ["string", "null"], maxLength: 10 },
          tags: { type: "array", items: { $ref: "#/components/schemas/Tag" }, minItems: 1, maxItems: 3 },
          budget: { anyOf: [{ type: "string", maxLength: 40 }, { type: "number" }, { type: "null" }] },
          kind: { oneOf: [{ type: "object", properties: { a: { const: 1 } }, required: ["a"], additionalProperties: false }, { type: "boolean" }] },
          meta: { type: "object", additionalProperties: { type: "integer" } },
        },
        required: ["id", "count", "tags"],
        additionalProperties: false,
      },
    },
  },
};
const item = { $ref: "#/components/schemas/Item" };

describe("validArbitrary", () => {
  it("makes values the schema accepts, with optional fields both present and absent and nullable fields null", () => {
    const check = compile(synthetic, item);
    const values = fc.sample(validArbitrary(synthetic, item), { numRuns: 300, seed: 3 }) as Record<string, unknown>[];
    for (const value of values) expect(check(value), JSON.stringify(check.errors)).toBe(true);
    expect(values.some((v) => "email" in v)).toBe(true);
    expect(values.some((v) => !("email" in v))).toBe(true);
    expect(values.some((v) => v.note === null)).toBe(true);
    expect(new Set(values.flatMap((v) => v.tags as string[]))).toEqual(new Set(["red", "green"]));
  });

  it("makes valid bodies and parameters for every operation of the document", () => {
    const checked: string[] = [];
    for (const op of operationsOf(doc)) {
      const schemas = [bodySchemaOf(op), ...["path", "query"].flatMap((where) => parametersOf(doc, op, where as "path").map((p) => p.schema))];
      for (const schema of schemas.filter(Boolean) as JsonSchema[]) {
        const check = compile(doc, schema);
        for (const value of fc.sample(validArbitrary(doc, schema), 40)) expect(check(value), `${op.operationId}: ${JSON.stringify(value)} ${JSON.stringify(check.errors)}`).toBe(true);
        checked.push(op.operationId);
      }
    }
    expect(new Set(checked).size).toBeGreaterThan(5);
  });
});

describe("mutatedArbitrary", () => {
  it("mostly makes values the schema refuses, with the kinds of breakage asked for", () => {
    const check = compile(synthetic, item);
    const mutated = fc.sample(mutatedArbitrary(synthetic, item), { numRuns: 400, seed: 11 });
    const refused = mutated.filter((m) => !check(resolveSeeds(m.value, {})));
    expect(refused.length / mutated.length).toBeGreaterThan(0.8);
    const kinds = (schema: JsonSchema) => fc.sample(mutatedArbitrary(synthetic, schema), { numRuns: 200, seed: 11 }).map((m) => m.mutation).join("\n");
    const properties = synthetic.components.schemas.Item.properties;
    for (const kind of ["without the required", "an extra field __proto__", "tags: ", "a string instead"]) expect(kinds(item)).toContain(kind);
    for (const kind of ["above the maximum", "below the minimum", "a fraction", "a number as a string"]) expect(kinds(properties.count)).toContain(kind);
    for (const kind of ["a bad email", "characters"]) expect(kinds(properties.email)).toContain(kind);
    for (const kind of ["a bad date-time", "awkward unicode"]) expect(kinds(properties.at)).toContain(kind);
    for (const kind of ["4 items", "no items"]) expect(kinds(properties.tags)).toContain(kind);
  });

  it("breaks every request body of the document in ways its schema refuses", () => {
    for (const op of operationsOf(doc)) {
      const schema = bodySchemaOf(op);
      if (!schema) continue;
      const check = compile(doc, schema);
      const mutated = fc.sample(mutatedArbitrary(doc, schema), { numRuns: 100, seed: 7 });
      // Free-form fields (any string, extra fields allowed) make some mutations valid: most must not be.
      expect(mutated.filter((m) => !check(resolveSeeds(m.value, {}))).length, op.operationId).toBeGreaterThan(mutated.length / 2);
    }
  });
});

describe("caseArbitrary", () => {
  const op = operationsOf(doc).find((o) => o.path.includes("{") && o.method === "POST" && bodySchemaOf(o)) as Operation;
  const param = op.path.match(/\{(\w+)\}/)![1];
  const ctx = { pools: { [param]: ["real_id_1"] }, credentials: { AdminKey: { valid: ["gk_admin_good"], wrong: ["gk_admin_bad"] } } };

  it("mixes valid requests with requests broken in one place, and draws real ids", () => {
    const cases = fc.sample(caseArbitrary(doc, op, [param]), { numRuns: 300, seed: 5 }) as FuzzCase[];
    expect(cases.filter((c) => c.mutations.length === 0).length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.mutations.length === 1).length).toBeGreaterThan(60);
    expect(cases.some((c) => c.mutations.some((m) => m.startsWith("body:")))).toBe(true);
    expect(cases.some((c) => c.auth === "none") && cases.some((c) => c.auth === "wrong")).toBe(true);
    const paths = cases.map((c) => materialise(doc, op, c, ctx).path);
    expect(paths).toContain(op.path.replace(`{${param}}`, "real_id_1"));
  });

  it("sends the documented credential and headers, and resolves seeds inside bodies", () => {
    const c: FuzzCase = { auth: "valid", credential: 0, params: { [param]: "a/b" }, query: [["x[]", 1]], headers: { "anthropic-version": "2023-06-01" }, body: { json: { id: { $seed: param, n: 5 } } }, mutations: [] };
    const request = materialise(doc, op, c, ctx);
    expect(request.headers["x-api-key"]).toBe("gk_admin_good");
    expect(request.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request.path).toBe(`${op.path.replace(`{${param}}`, "a%2Fb")}?x%5B%5D=1`);
    expect(JSON.parse(request.body!)).toEqual({ id: "real_id_1" });
    expect(materialise(doc, op, { ...c, auth: "none" }, ctx).headers["x-api-key"]).toBeUndefined();
    expect(resolveSeeds({ $seed: "missing", n: 0 }, {})).toBe("no-seeded-missing");
  });
});
