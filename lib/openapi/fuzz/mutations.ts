/**
 * fast-check arbitraries of values a JSON Schema should refuse (or that sit on its edges):
 * a wrong type, a missing required field, an unknown extra field, a number out of range,
 * a string too long or too short or in a wrong format, a value outside an enum, too many
 * items, and strings of awkward unicode (NUL, lone surrogates, right-to-left marks) that
 * pass the length checks and reach the handler.
 */
import fc from "fast-check";
import { deref, numberBounds, typesOf, validArbitrary, type JsonSchema, type SchemaRoot, type SeedHint } from "./schema-arbitrary";
import { AWKWARD_STRINGS } from "./string-arbitrary";

/** A value and what was done to it (shown in a failure report). */
export type Mutated = { mutation: string; value: unknown };

const MAX_DEPTH = 3;

const WRONG_TYPED: { type: string; value: unknown }[] = [
  { type: "integer", value: 7 },
  { type: "number", value: 1.5 },
  { type: "string", value: "text" },
  { type: "boolean", value: true },
  { type: "null", value: null },
  { type: "array", value: [1, "two"] },
  { type: "object", value: { unexpected: 1 } },
];

function wrongType(s: JsonSchema): fc.Arbitrary<Mutated> | undefined {
  const types = typesOf(s);
  if (!types) return undefined;
  const allows = (type: string) => types.includes(type) || (type === "integer" && types.includes("number"));
  const wrong = WRONG_TYPED.filter(({ type }) => !allows(type));
  return wrong.length ? fc.constantFrom(...wrong).map(({ type, value }) => ({ mutation: `a ${type} instead`, value })) : undefined;
}

function stringMutations(s: JsonSchema): fc.Arbitrary<Mutated>[] {
  const out: fc.Arbitrary<Mutated>[] = [];
  const max = s.maxLength as number | undefined;
  // As a marker (resolved when sent) so a failure report stays short. 5,000 still fits in a URL.
  const long = [...new Set([max !== undefined ? max + 1 : 1_000, 5_000])];
  out.push(fc.constantFrom(...long).map((times) => ({ mutation: `a string of ${times} characters`, value: { $repeat: "x", times } })));
  if ((s.minLength ?? 0) > 0) out.push(fc.constant({ mutation: "an empty string", value: "" }));
  const fits = AWKWARD_STRINGS.filter((text) => text.length <= (max ?? Infinity) && [...text].length >= (s.minLength ?? 0));
  if (fits.length) out.push(fc.constantFrom(...fits).map((value) => ({ mutation: "awkward unicode", value })));
  out.push(fc.string({ minLength: 1, maxLength: Math.min(max ?? 30, 30), unit: "binary" }).map((value) => ({ mutation: "random unicode", value })));
  if (s.format === "date-time") out.push(fc.constantFrom("2026-13-45T99:99:99Z", "yesterday", "2026-02-30T00:00:00Z", "1e10", "275760-09-13T00:00:00.001Z").map((value) => ({ mutation: "a bad date-time", value })));
  if (s.format === "email") out.push(fc.constantFrom("not-an-email", "a@b", "@example.com", "a@@example.com", "a b@example.com").map((value) => ({ mutation: "a bad email", value })));
  if (s.pattern) out.push(fc.constantFrom("has space", "semi;colon", "slash/inside", "ümlaut", "..").map((value) => ({ mutation: "off the pattern", value })));
  return out;
}

function numberMutations(s: JsonSchema, integer: boolean): fc.Arbitrary<Mutated>[] {
  const { min, max } = numberBounds(s, integer ? 1 : Number.EPSILON);
  const values: { mutation: string; value: unknown }[] = [
    { mutation: "a huge number", value: 1e308 },
    { mutation: "past the safe integers", value: 2 ** 53 + 2 },
    { mutation: "a negative number", value: -1 },
    { mutation: "a number as a string", value: String(min ?? 1) },
  ];
  if (min !== undefined) values.push({ mutation: "below the minimum", value: min - 1 });
  if (max !== undefined) values.push({ mutation: "above the maximum", value: max + 1 });
  if (integer) values.push({ mutation: "a fraction", value: (min ?? 0) + 0.5 });
  return [fc.constantFrom(...values)];
}

function objectMutations(root: SchemaRoot, s: JsonSchema, hint: SeedHint | undefined, depth: number): fc.Arbitrary<Mutated>[] {
  const valid = validArbitrary(root, s, hint) as fc.Arbitrary<Record<string, unknown>>;
  const properties: Record<string, JsonSchema> = s.properties ?? {};
  const required: string[] = s.required ?? [];
  const out: fc.Arbitrary<Mutated>[] = [];
  if (required.length) {
    out.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
        const { [name]: _dropped, ...rest } = value;
        return { mutation: `without the required ${name}`, value: rest };
      }),
    );
  }
  out.push(
    fc.tuple(valid, fc.constantFrom("unexpected", "__proto__", "constructor", "Role", "id"), fc.jsonValue({ maxDepth: 1 })).map(([value, name, extra]) => {
      const copy = { ...value };
      Object.defineProperty(copy, name, { value: extra, enumerable: true, writable: true, configurable: true });
      return { mutation: `an extra field ${name}`, value: copy };
    }),
  );
  const names = Object.keys(properties);
  if (names.length && depth < MAX_DEPTH) {
    const inner = names.map((name) =>
      fc.tuple(valid, mutatedArbitrary(root, properties[name], hint, depth + 1)).map(([value, bad]) => ({
        mutation: `${name}: ${bad.mutation}`,
        value: { ...value, [name]: bad.value },
      })),
    );
    out.push(fc.oneof(...inner));
  }
  return out;
}

function arrayMutations(root: SchemaRoot, s: JsonSchema, hint: SeedHint | undefined, depth: number): fc.Arbitrary<Mutated>[] {
  const item = validArbitrary(root, s.items ?? {}, hint, depth + 1);
  const out: fc.Arbitrary<Mutated>[] = [];
  const max = s.maxItems as number | undefined;
  if (max !== undefined && max < 2000) {
    out.push(fc.array(item, { minLength: 1, maxLength: 1 }).map((one) => ({ mutation: `${max + 1} items`, value: Array.from({ length: max + 1 }, () => one[0]) })));
  }
  if ((s.minItems ?? 0) > 0) out.push(fc.constant({ mutation: "no items", value: [] }));
  if (s.items && depth < MAX_DEPTH) {
    out.push(
      fc.tuple(fc.array(item, { maxLength: 2 }), mutatedArbitrary(root, s.items, hint, depth + 1)).map(([items, bad]) => ({
        mutation: `an item: ${bad.mutation}`,
        value: [...items, bad.value],
      })),
    );
  }
  return out;
}

/** Values `schema` should refuse, or that test its edges, each labelled with what was changed. */
export function mutatedArbitrary(root: SchemaRoot, schema: JsonSchema, hint?: SeedHint, depth = 0): fc.Arbitrary<Mutated> {
  const s = deref(root, schema);
  const out: fc.Arbitrary<Mutated>[] = [];
  if (Array.isArray(s.enum) || "const" in s) {
    const members = (s.enum ?? [s.const]).filter((v: unknown) => typeof v === "string") as string[];
    out.push(fc.constantFrom("not-a-member", ...members.map((m) => m.toUpperCase()), ...members.map((m) => ` ${m}`)).map((value) => ({ mutation: "not in the enum", value })));
  }
  const branches: JsonSchema[] | undefined = s.anyOf ?? s.oneOf;
  if (branches && depth < MAX_DEPTH) out.push(fc.oneof(...branches.map((branch) => mutatedArbitrary(root, branch, hint, depth + 1))));
  const types = typesOf(s) ?? [];
  if (types.includes("string") && !s.enum) out.push(...stringMutations(s));
  if (types.includes("integer") || types.includes("number")) out.push(...numberMutations(s, !types.includes("number")));
  if (types.includes("object")) out.push(...objectMutations(root, s, hint, depth));
  if (types.includes("array")) out.push(...arrayMutations(root, s, hint, depth));
  const wrong = wrongType(s);
  if (wrong) out.push(wrong);
  if (!out.length) return fc.constant({ mutation: "a value where any is allowed", value: { unexpected: [1, null] } });
  return fc.oneof(...out);
}
