/**
 * Next.js compiles its own copy of every module the console imports. The
 * usage buffer, the hot store and its writer thread must exist once per
 * process, in the lean API server (docs/usage-dashboards.md, "keep the usage
 * buffer out of Next bundles"): a second copy would be a second buffer with
 * its own timer and a second writer thread, and Next would try to bundle the
 * worker entry. This walks the import graph from every Next entry point.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const SERVER_ONLY = ["lib/usage/buffer.ts", "lib/store/open.ts", "lib/store/sqlite/store.ts", "lib/store/sqlite/usage-worker-main.ts", "lib/api/routes.ts"];
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function entryPoints(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, "app"));
  for (const file of ["proxy.ts", "middleware.ts", "instrumentation.ts"]) if (fs.existsSync(path.join(root, file))) files.push(path.join(root, file));
  return files;
}

/** Every file reachable from the entries, with one import chain that reaches it. */
function reachable(entries: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>(entries.map((e) => [e, [e]]));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1] ?? match[2] ?? match[3]);
      if (!target || chains.has(target)) continue;
      chains.set(target, [...chains.get(file)!, target]);
      queue.push(target);
    }
  }
  return chains;
}

describe("Next.js bundles", () => {
  it("never import the usage buffer, the hot store or its writer thread", () => {
    const entries = entryPoints();
    const chains = reachable(entries);
    // The walk does reach into lib/ (so an empty result below means something).
    expect([...chains.keys()].some((f) => f.endsWith(path.join("lib", "usage", "query.ts")))).toBe(true);
    const leaks = SERVER_ONLY.map((f) => chains.get(path.join(root, f))).filter((chain): chain is string[] => chain !== undefined);
    expect(leaks.map((chain) => chain.map((f) => path.relative(root, f)).join(" → "))).toEqual([]);
  });
});
