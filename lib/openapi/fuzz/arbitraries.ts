/**
 * Fuzz cases for every operation of an OpenAPI 3.1 document, derived from its schemas
 * alone (no generator written per endpoint): path parameters, query, documented headers,
 * body and credentials, either all valid or with one thing broken (lib/openapi/fuzz/mutations.ts).
 * A case is plain data, so a case that found a problem can be kept as a regression example;
 * real ids appear in it as `{ $seed: "user_id", n: 3 }` and are looked up when it is sent.
 */
import fc from "fast-check";
import { mutatedArbitrary } from "./mutations";
import { deref, seededArbitrary, validArbitrary, type JsonSchema, type SeedHint } from "./schema-arbitrary";

export type OpenApiDoc = Record<string, any>;
export type Operation = { method: string; path: string; operationId: string; spec: Record<string, any> };
type Parameter = { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema: JsonSchema };

/** A real value from the seeded data: the `n`th (modulo; negative counts from the newest) of the pool called `$seed`. */
export type SeedRef = { $seed: string; n: number };

export type BodyCase =
  | { json: unknown }
  /** Sent as is: malformed JSON, garbage, nothing at all. */
  | { text: string }
  /** `[[[…]]]` this deep. */
  | { nested: number }
  /** A JSON object this many bytes long. */
  | { oversized: number };

export type FuzzCase = {
  auth: "valid" | "wrong" | "none";
  /** Which credential of the valid (or wrong) list, modulo its length. */
  credential: number;
  params: Record<string, unknown>;
  /** Raw query pairs in order (repeated keys, `x[]` and unknown names included). */
  query: [string, unknown][];
  /** Documented header parameters; null: not sent. */
  headers: Record<string, string | null>;
  body?: BodyCase;
  /** What was broken on purpose; empty for a request the document calls valid. */
  mutations: string[];
};

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const spec = item[method];
      if (spec) out.push({ method: method.toUpperCase(), path, operationId: spec.operationId ?? `${method} ${path}`, spec });
    }
  }
  return out;
}

export function parametersOf(doc: OpenApiDoc, op: Operation, where: Parameter["in"]): Parameter[] {
  return ((op.spec.parameters ?? []) as JsonSchema[]).map((p) => deref(doc, p) as Parameter).filter((p) => p.in === where);
}

export function bodySchemaOf(op: Operation): JsonSchema | undefined {
  return op.spec.requestBody?.content?.["application/json"]?.schema;
}

const seedRef = (name: string): fc.Arbitrary<SeedRef> => fc.nat({ max: 999 }).map((n) => ({ $seed: name, n }));

/** Query values as the URL carries them: an array becomes repeated keys, `name=a&name=b` or `name[]=a&name[]=b`. */
function pairsOf(name: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<[string, unknown][]> {
  return fc.tuple(value, fc.boolean()).map(([v, brackets]) => (Array.isArray(v) ? v.map((item) => [brackets ? `${name}[]` : name, item]) : [[name, v]]));
}

/** A header value a client can send: visible ASCII, from the schema's example or made up. */
function headerValue(p: Parameter): fc.Arbitrary<string> {
  const made = fc.stringMatching(/^[\x21-\x7e]{1,20}$/);
  return p.schema.example !== undefined ? fc.oneof({ arbitrary: fc.constant(String(p.schema.example)), weight: 3 }, made) : made;
}

/** Valid requests of `op` (per the document); names in `seeds` also draw real values. */
function validCase(doc: OpenApiDoc, op: Operation, hint: SeedHint): fc.Arbitrary<Omit<FuzzCase, "auth" | "credential" | "mutations">> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of parametersOf(doc, op, "path")) {
    const seeded = hint(p.name);
    const made = validArbitrary(doc, p.schema);
    params[p.name] = seeded ? fc.oneof({ arbitrary: seeded, weight: 3 }, { arbitrary: made, weight: 1 }) : made;
  }
  const query = parametersOf(doc, op, "query").map((p) => {
    const seeded = seededArbitrary(doc, p.schema, p.name, hint);
    const made = validArbitrary(doc, p.schema, hint);
    const pairs = pairsOf(p.name, seeded ? fc.oneof(made, seeded) : made);
    return p.required ? pairs : fc.option(pairs, { nil: [] as [string, unknown][], freq: 2 });
  });
  const headers: Record<string, fc.Arbitrary<string>> = {};
  for (const p of parametersOf(doc, op, "header")) headers[p.name] = headerValue(p);
  const schema = bodySchemaOf(op);
  const body = schema ? validArbitrary(doc, schema, hint).map((json): BodyCase => ({ json })) : fc.constant(undefined);
  return fc.record({
    params: fc.record(params),
    query: fc.tuple(...query).map((lists) => lists.flat()),
    headers: fc.record(headers) as fc.Arbitrary<Record<string, string | null>>,
    body,
  });
}

type Patch = { mutation: string } & Partial<Pick<FuzzCase, "params" | "headers" | "body">> & { query?: (q: [string, unknown][]) => [string, unknown][] };

/** Ways to break one part of a request of `op`: each yields what to replace. */
function patches(doc: OpenApiDoc, op: Operation, hint: SeedHint): fc.Arbitrary<Patch>[] {
  const out: fc.Arbitrary<Patch>[] = [];
  for (const p of parametersOf(doc, op, "path")) {
    // An empty segment would name another operation (`/users/` is the list): not a value of this one.
    const segment = mutatedArbitrary(doc, p.schema).filter((bad) => bad.value !== "");
    out.push(segment.map((bad) => ({ mutation: `path ${p.name}: ${bad.mutation}`, params: { [p.name]: bad.value } })));
  }
  for (const p of parametersOf(doc, op, "query")) {
    out.push(
      mutatedArbitrary(doc, p.schema, hint).map((bad) => ({
        mutation: `query ${p.name}: ${bad.mutation}`,
        query: (q) => [...q.filter(([k]) => k.replace(/\[\]$/, "") !== p.name), ...(Array.isArray(bad.value) ? bad.value.map((v): [string, unknown] => [p.name, v]) : [[p.name, bad.value] as [string, unknown]])],
      })),
    );
    out.push(fc.constant({ mutation: `query ${p.name}: empty`, query: (q) => [...q.filter(([k]) => k !== p.name), [p.name, ""]] }));
    if (p.required) out.push(fc.constant({ mutation: `query ${p.name}: missing`, query: (q) => q.filter(([k]) => k.replace(/\[\]$/, "") !== p.name) }));
    out.push(fc.constant({ mutation: `query ${p.name}: given twice`, query: (q) => [...q, ...q.filter(([k]) => k === p.name), [p.name, "1"]] }));
  }
  const queryNames = parametersOf(doc, op, "query").map((p) => p.name);
  out.push(fc.constantFrom("unknown", "limit[a]", "__proto__", queryNames[0] ? `${queryNames[0]}[][]` : "x").map((name) => ({ mutation: `query: unknown ${name}`, query: (q) => [...q, [name, "1"]] })));
  for (const p of parametersOf(doc, op, "header")) {
    out.push(fc.constantFrom(null, "", "   ").map((value) => ({ mutation: `header ${p.name}: ${value === null ? "missing" : JSON.stringify(value)}`, headers: { [p.name]: value } })));
  }
  const schema = bodySchemaOf(op);
  if (schema) {
    out.push(mutatedArbitrary(doc, schema, hint).map((bad) => ({ mutation: `body: ${bad.mutation}`, body: { json: bad.value } })));
    out.push(malformedBody());
  }
  return out;
}

/** Bodies that are not JSON of any schema: none, broken JSON, garbage, too deep, too large. */
export function malformedBody(): fc.Arbitrary<Patch> {
  const texts = fc.oneof(
    fc.constantFrom("", "{", '{"a":', "nul", "[1,2", "{'a':1}", '{"a":1}trailing', "\u0000", "true", "null", "[]", '"text"', "1e999", "{}".repeat(3)),
    fc.string({ maxLength: 40, unit: "binary" }),
  );
  return fc.oneof(
    { arbitrary: texts.map((text) => ({ mutation: "body: not JSON of the schema", body: { text } as BodyCase })), weight: 4 },
    { arbitrary: fc.constantFrom(5_000, 200_000).map((depth) => ({ mutation: `body: nested ${depth} deep`, body: { nested: depth } as BodyCase })), weight: 1 },
    { arbitrary: fc.constant({ mutation: "body: over 1 MiB", body: { oversized: 1024 * 1024 + 4096 } as BodyCase }), weight: 1 },
  );
}

function applyPatch(c: FuzzCase, patch: Patch): FuzzCase {
  return {
    ...c,
    params: { ...c.params, ...patch.params },
    headers: { ...c.headers, ...patch.headers },
    query: patch.query ? patch.query(c.query) : c.query,
    body: "body" in patch ? patch.body : c.body,
    mutations: [...c.mutations, patch.mutation],
  };
}

/**
 * Requests of `op`: a valid one or one with a single part broken (about half each), sent
 * mostly with a valid credential, sometimes a wrong one or none. `seeds` names the
 * parameters and body fields that also draw real values (`SeedRef`s) from the seeded data.
 */
export function caseArbitrary(doc: OpenApiDoc, op: Operation, seeds: readonly string[] = []): fc.Arbitrary<FuzzCase> {
  const hint: SeedHint = (name) => (seeds.includes(name) ? seedRef(name) : undefined);
  const auth = fc.oneof(
    { arbitrary: fc.constant("valid" as const), weight: 8 },
    { arbitrary: fc.constant("wrong" as const), weight: 1 },
    { arbitrary: fc.constant("none" as const), weight: 1 },
  );
  const valid = fc
    .tuple(fc.record({ auth, credential: fc.nat({ max: 99 }) }), validCase(doc, op, hint))
    .map(([head, rest]): FuzzCase => ({ ...head, ...rest, mutations: [] }));
  const broken = patches(doc, op, hint);
  if (!broken.length) return valid;
  return fc.oneof(valid, fc.tuple(valid, fc.oneof(...broken)).map(([c, patch]) => applyPatch(c, patch)));
}
