/** Tests: checks a live answer against the schema the OpenAPI document gives for it (ajv, JSON Schema 2020-12 as in OpenAPI 3.1). */
import { Ajv2020 } from "ajv/dist/2020.js";
import { buildOpenApiDocument } from "../document";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * `validate(method, path, status, body)` answers null when `body` matches the documented
 * response of that operation and status, else the ajv errors as text. `path` is the
 * document's path (with `{param}`), not the URL called.
 */
export function responseValidator(doc = buildOpenApiDocument() as any) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("date-time", { validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addSchema({ ...doc, $id: "openapi.json" }, "openapi.json");
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();

  return function validate(method: string, path: string, status: number, body: unknown): string | null {
    const operation = doc.paths?.[path]?.[method.toLowerCase()];
    if (!operation) return `${method} ${path} is not in the document`;
    const response = operation.responses?.[String(status)];
    if (!response) return `${method} ${path} documents no ${status} answer`;
    const pointer = `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    let check = cache.get(pointer);
    if (!check) cache.set(pointer, (check = ajv.compile({ $ref: `openapi.json${pointer}` })));
    return check(body) ? null : ajv.errorsText(check.errors, { separator: "; " });
  };
}
