/**
 * Property-based fuzz of the whole HTTP API, driven by the OpenAPI document: every
 * operation in it (so endpoints added later are fuzzed too) gets valid and broken
 * requests (lib/openapi/fuzz/arbitraries.ts) against the real server and database.
 * Whatever is sent, the answer is never a 5xx, has a status the document lists for
 * the operation, is JSON, and matches the documented schema of that status.
 * For a longer run: FUZZ_RUNS=500 npx vitest run lib/openapi/fuzz/api-fuzz.test.ts
 * (docs/admin-api.md, "Fuzzing").
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetAdminApiRateLimit } from "../../admin-api/auth";
import { startApiServer, type TestApi } from "../../api/test-helpers";
import { buildOpenApiDocument } from "../document";
import { responseValidator } from "../testing/response-validator";
import { caseArbitrary, operationsOf, type FuzzCase, type Operation } from "./arbitraries";
import { FUZZ_REGRESSIONS } from "./regressions";
import { resolveRef } from "./schema-arbitrary";
import { schemaChecker, schemasWithExamples } from "./schema-check";
import { documentsStatus, materialise, securityOf, send, type FuzzContext, type FuzzRequest, type FuzzResponse } from "./send";
import { seedFuzzData } from "./fuzz-seed";

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 30);
/** FUZZ_SEED replays the seed a failure printed. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const doc: any = buildOpenApiDocument();
const operations = operationsOf(doc);
const validate = responseValidator(doc);
/** Status counts per operation, printed with FUZZ_VERBOSE=1. */
const seen = new Map<string, Map<string, number>>();

let api: TestApi;
let seed: Awaited<ReturnType<typeof seedFuzzData>>;

beforeAll(async () => {
  // Per-key request limits would turn most of a long run into 429s.
  process.env.ADMIN_API_RATE_LIMIT = "0";
  resetAdminApiRateLimit();
  // Invitation emails go to the log without SMTP: keep the output readable.
  vi.spyOn(console, "log").mockImplementation(() => {});
  api = await startApiServer();
  seed = await seedFuzzData(api);
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  delete process.env.ADMIN_API_RATE_LIMIT;
  resetAdminApiRateLimit();
  await api?.close();
  if (process.env.FUZZ_VERBOSE) for (const [id, counts] of seen) console.info(`${id}: ${[...counts].map(([k, n]) => `${k}×${n}`).join(" ")}`);
});

/** What is wrong with the answer to `c`, or null. */
function problemWith(op: Operation, c: FuzzCase, response: FuzzResponse): string | null {
  if (response.status >= 500) return `a ${response.status} answer`;
  if (c.auth !== "valid" && response.status < 300 && securityOf(doc, op)) return `${c.auth === "none" ? "no" : "a wrong"} credential was accepted`;
  const documented = documentsStatus(op, response.status);
  if (!documented) return `status ${response.status} is not documented (documented: ${Object.keys(op.spec.responses).join(", ")})`;
  if (!/^application\/json\b/.test(response.contentType)) return `content-type "${response.contentType}" is not JSON`;
  if (!response.parsed) return "the body is not JSON";
  const schemaError = validate(op.method, op.path, response.status, response.json);
  return schemaError ? `the body does not match the documented ${response.status} schema: ${schemaError}` : null;
}

function report(op: Operation, c: FuzzCase, request: FuzzRequest, response: FuzzResponse | undefined, problem: string): string {
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
  const body = request.body === undefined ? "" : cut(request.body, 500);
  return [
    `${op.operationId} (${op.method} ${op.path}): ${problem}`,
    `mutations: ${c.mutations.join("; ") || "none (a valid request)"}; auth: ${c.auth}`,
    `request: ${request.method} ${cut(request.path, 300)} ${JSON.stringify({ ...request.headers, "x-api-key": undefined, authorization: undefined })} ${body}`,
    response ? `response: ${response.status} ${response.contentType} ${response.text.slice(0, 800)}` : "no response",
  ].join("\n");
}

async function check(op: Operation, c: FuzzCase, context: FuzzContext): Promise<void> {
  const request = materialise(doc, op, c, context);
  let response: FuzzResponse;
  try {
    response = await send(api.base, request);
  } catch (error) {
    throw new Error(report(op, c, request, undefined, `the request failed: ${(error as Error).message}`));
  }
  const counts = seen.get(op.operationId) ?? new Map<string, number>();
  const key = `${response.status}${c.mutations.length ? "" : c.auth === "valid" ? "(valid)" : `(${c.auth} auth)`}`;
  seen.set(op.operationId, counts.set(key, (counts.get(key) ?? 0) + 1));
  const problem = problemWith(op, c, response);
  if (problem) throw new Error(report(op, c, request, response, problem));
}

describe("the OpenAPI document", () => {
  it("is sound enough to fuzz: every $ref resolves, every operation documents a 2xx and a 4xx answer", () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) k === "$ref" && typeof v === "string" ? refs.push(v) : walk(v);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(() => resolveRef(doc, ref), ref).not.toThrow();
    expect(operations.length).toBeGreaterThan(10);
    for (const op of operations) {
      const statuses = Object.keys(op.spec.responses ?? {});
      expect(statuses.some((s) => s.startsWith("2")), `${op.operationId} documents a 2xx`).toBe(true);
      expect(statuses.some((s) => s.startsWith("4")), `${op.operationId} documents a 4xx`).toBe(true);
    }
    for (const id of Object.keys(FUZZ_REGRESSIONS)) expect(operations.map((o) => o.operationId), `regression examples of ${id}`).toContain(id);
  });

  it("has examples its own schemas accept (an example the schema refuses means the schema says less than the code)", () => {
    const check = schemaChecker(doc);
    const examples = schemasWithExamples(doc);
    expect(examples.length).toBeGreaterThan(10);
    const refused = examples.flatMap(({ at, schema }) => {
      const validate = check(schema);
      return validate(schema.example) ? [] : [`${at}: ${JSON.stringify(schema.example)}: ${check.errorsText(validate.errors)}`];
    });
    expect(refused).toEqual([]);
  });
});

describe.each(operations.map((op) => [op.operationId, op] as const))("fuzz %s", (_id, op) => {
  it(`${op.method} ${op.path}: never a 5xx, only documented statuses, bodies matching the schema`, async () => {
    await seed.topUp();
    const seeds = Object.keys(seed.context.pools);
    const examples = (FUZZ_REGRESSIONS[op.operationId] ?? []).map((c): [FuzzCase] => [c]);
    await fc.assert(
      fc.asyncProperty(caseArbitrary(doc, op, seeds), (c) => check(op, c, seed.context)),
      { numRuns: RUNS, examples, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  }, 60_000 + RUNS * 1_000);
});
