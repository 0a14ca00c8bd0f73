/**
 * fast-check arbitraries of the values a JSON Schema (2020-12, as in an OpenAPI 3.1
 * document) accepts. Covers what zod-to-openapi emits: $ref, type (or a list of types,
 * so nullable), enum/const, anyOf/oneOf/allOf, string lengths, formats and patterns,
 * number bounds, arrays and objects with required and optional properties.
 */
import fc from "fast-check";
import { stringArbitrary } from "./string-arbitrary";

export type JsonSchema = Record<string, any>;
/** The document `$ref`s resolve against (an OpenAPI document, or any object holding the schemas). */
export type SchemaRoot = Record<string, any>;

/** Real values for named fields (a key's id, a member's email): used besides generated ones. */
export type SeedHint = (name: string) => fc.Arbitrary<unknown> | undefined;

const MAX_DEPTH = 4;
/** Arrays stay short: the fuzz spends its time on requests, not on megabytes. */
const ARRAY_CAP = 4;

/** Resolves a local `$ref` ("#/components/schemas/X"). */
export function resolveRef(root: SchemaRoot, ref: string): JsonSchema {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported: ${ref}`);
  const target = ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<any>((node, part) => node?.[part], root);
  if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
  return target;
}

/** The schema itself, or what its `$ref` points to (repeatedly). */
export function deref(root: SchemaRoot, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 20 && current?.$ref; i++) current = { ...resolveRef(root, current.$ref), ...withoutRef(current) };
  return current;
}

function withoutRef({ $ref: _ref, ...rest }: JsonSchema): JsonSchema {
  return rest;
}

/** Every type a schema allows ("number" also covers "integer"), or undefined when it names none. */
export function typesOf(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (schema.properties || schema.required) return ["object"];
  if (schema.items) return ["array"];
  return undefined;
}

/** Values `schema` accepts. `hint` adds real values for fields of a given name. */
export function validArbitrary(root: SchemaRoot, schema: JsonSchema, hint?: SeedHint, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(root, schema);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((branch: JsonSchema) => validArbitrary(root, branch, hint, depth + 1)));
  if (Array.isArray(s.allOf)) return validArbitrary(root, mergeAllOf(root, s), hint, depth);
  const types = typesOf(s);
  if (!types) return depth >= MAX_DEPTH ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => ofType(root, s, type, hint, depth)));
}

function mergeAllOf(root: SchemaRoot, schema: JsonSchema): JsonSchema {
  const { allOf, ...rest } = schema;
  const parts = (allOf as JsonSchema[]).map((part) => deref(root, part));
  return parts.reduce<JsonSchema>(
    (merged, part) => ({
      ...merged,
      ...part,
      properties: { ...merged.properties, ...part.properties },
      required: [...(merged.required ?? []), ...(part.required ?? [])],
    }),
    rest,
  );
}

function ofType(root: SchemaRoot, s: JsonSchema, type: string, hint: SeedHint | undefined, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return integerArbitrary(s);
    case "number":
      return fc.oneof(integerArbitrary(s), numberArbitrary(s));
    case "string":
      return stringArbitrary(s);
    case "array":
      return arrayArbitrary(root, s, hint, depth);
    case "object":
      return objectArbitrary(root, s, hint, depth);
    default:
      throw new Error(`Unsupported JSON Schema type ${type}`);
  }
}

/** The bounds of a number schema, exclusive bounds made inclusive for `step` (1 for integers). */
export function numberBounds(s: JsonSchema, step: number): { min?: number; max?: number } {
  let min = typeof s.minimum === "number" ? s.minimum : undefined;
  let max = typeof s.maximum === "number" ? s.maximum : undefined;
  if (typeof s.exclusiveMinimum === "number") min = Math.max(min ?? -Infinity, s.exclusiveMinimum + step);
  if (typeof s.exclusiveMaximum === "number") max = Math.min(max ?? Infinity, s.exclusiveMaximum - step);
  return { min, max };
}

function integerArbitrary(s: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = numberBounds(s, 1);
  const lo = Math.ceil(min ?? Number.MIN_SAFE_INTEGER);
  const hi = Math.floor(max ?? Number.MAX_SAFE_INTEGER);
  // Small values near the lower bound are the interesting ones (limits, counts); the whole range now and then.
  const near = fc.integer({ min: lo, max: Math.min(hi, Math.max(lo, 0) + 100) });
  return fc.oneof({ arbitrary: near, weight: 3 }, { arbitrary: fc.integer({ min: lo, max: hi }), weight: 1 });
}

function numberArbitrary(s: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = numberBounds(s, Number.EPSILON);
  return fc.double({ min: min ?? -1e12, max: max ?? 1e12, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
}

function arrayArbitrary(root: SchemaRoot, s: JsonSchema, hint: SeedHint | undefined, depth: number): fc.Arbitrary<unknown[]> {
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(s.maxItems ?? Infinity, minLength + ARRAY_CAP);
  if (depth >= MAX_DEPTH && minLength === 0) return fc.constant([]);
  const items = validArbitrary(root, s.items ?? {}, hint, depth + 1);
  return s.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
}

function objectArbitrary(root: SchemaRoot, s: JsonSchema, hint: SeedHint | undefined, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, JsonSchema> = s.properties ?? {};
  const required: string[] = (s.required ?? []).filter((name: string) => name in properties);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (depth >= MAX_DEPTH && !required.includes(name)) continue;
    const generated = validArbitrary(root, property, hint, depth + 1);
    const seeded = seededArbitrary(root, property, name, hint);
    model[name] = seeded ? fc.oneof(generated, seeded) : generated;
  }
  const known = fc.record(model, { requiredKeys: required, noNullPrototype: true });
  const extra = s.additionalProperties;
  if (!extra || Object.keys(properties).length > 0 || depth >= MAX_DEPTH) return known;
  // A free-form map (z.record): a few entries of what it allows.
  const values = extra === true ? fc.jsonValue({ maxDepth: 1 }) : validArbitrary(root, extra, hint, depth + 1);
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-ascii" }), values, { maxKeys: 3, noNullPrototype: true });
}

/** The hint's real values for a field called `name` (a list of them when the field is an array), if it has any. */
export function seededArbitrary(root: SchemaRoot, schema: JsonSchema, name: string, hint?: SeedHint): fc.Arbitrary<unknown> | undefined {
  const seeded = hint?.(name);
  if (!seeded) return undefined;
  const s = deref(root, schema);
  if (!typesOf(s)?.includes("array")) return seeded;
  return fc.array(seeded, { minLength: Math.max(1, s.minItems ?? 0), maxLength: Math.max(1, Math.min(s.maxItems ?? 3, 3)) });
}
