/** Tests: ajv (JSON Schema 2020-12, as in OpenAPI 3.1) validators of any schema inside a document, its `#/…` refs resolved in that document. */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "./schema-arbitrary";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `#/…` refs of `schema` rewritten to name the document added as "root.json". */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `root.json${v}` : rebase(v)]));
}

/** `check(schema)` compiles a validator of `schema`, which may sit anywhere in `root`. */
export function schemaChecker(root: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("date-time", { validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat("uri", { validate: (s: string) => URL.canParse(s) });
  ajv.addSchema({ ...root, $id: "root.json" });
  const check = (schema: JsonSchema) => ajv.compile(rebase(schema) as JsonSchema);
  return Object.assign(check, { errorsText: (errors: Parameters<typeof ajv.errorsText>[0]) => ajv.errorsText(errors) });
}

const isSchema = (node: Record<string, unknown>) => ["type", "properties", "anyOf", "oneOf", "allOf", "$ref", "enum", "const"].some((k) => k in node);

/** Every schema in `doc` that carries an `example`, with where it is. */
export function schemasWithExamples(doc: object): { at: string; schema: JsonSchema }[] {
  const out: { at: string; schema: JsonSchema }[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if ("example" in record && isSchema(record)) out.push({ at, schema: record });
      for (const [key, value] of Object.entries(record)) if (key !== "example") walk(value, `${at}/${key}`);
    }
  };
  walk(doc, "#");
  return out;
}
