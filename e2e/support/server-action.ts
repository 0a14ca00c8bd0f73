import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The id Next.js gave a server action in the build under test. */
export function serverActionId(filename: string, exportedName: string): string {
  const dist = process.env.E2E_DIST_DIR ?? ".next-e2e";
  const file = path.join(dist, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  const entry = Object.entries(manifest.node).find(([, v]) => v.filename === filename && v.exportedName === exportedName);
  if (!entry) throw new Error(`server action ${exportedName} in ${filename} is not in ${file}`);
  return entry[0];
}

/**
 * Calls a server action the way the browser does, but with arguments of our
 * choosing: what a user could do with devtools, bypassing every hidden button.
 * Returns the raw response body (React's flight format, containing the result).
 */
export async function callServerAction(
  request: APIRequestContext,
  { pagePath, filename, exportedName, args }: { pagePath: string; filename: string; exportedName: string; args: unknown[] },
): Promise<{ status: number; body: string }> {
  const response = await request.post(pagePath, {
    headers: {
      "Next-Action": serverActionId(filename, exportedName),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: new URL(pagePath, process.env.E2E_BASE_URL ?? "http://localhost:3100").origin,
    },
    data: JSON.stringify(args),
  });
  return { status: response.status(), body: await response.text() };
}
