/**
 * A burst of verifications followed at once by SIGTERM loses no usage event:
 * the buffer is flushed by the shutdown hook before the process exits.
 * Runs its own production server (`scripts/start.ts`) on a temp database;
 * needs a Next build in E2E_DIST_DIR (default .next-e2e, as playwright.config.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createTeamWithKey, usageCounts } from "../../scripts/lib/direct-db";
import { freePort, startLogged, stopProcess, waitForExit, waitForHttp } from "../../scripts/lib/processes";
import { createServiceTokenIn } from "../support/service-token";

// Below the buffer's size threshold (2,000), and with its timer pushed out of
// reach, so every event of the burst is still buffered when SIGTERM arrives:
// only the shutdown hook can save them.
const BURST = 1500;
// Playwright runs from the repository root (where playwright.config.ts lives).
const root = process.cwd();

test("a burst of verifications then SIGTERM records every event exactly once", async ({ request }) => {
  test.setTimeout(180_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sigterm-"));
  const dbFile = path.join(tmp, "e2e.db");
  const port = await freePort();
  const server = startLogged(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/start.ts")], {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: `file:${dbFile}`,
    NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
    NEXT_TELEMETRY_DISABLED: "1",
    USAGE_FLUSH_INTERVAL_MS: "600000",
    // The burst opens one connection per request from one address, above the default per-address cap.
    HTTP_MAX_CONNECTIONS_PER_IP: "4000",
  });
  const verifyUrl = `http://127.0.0.1:${port}/api/v1/keys/verify`;
  try {
    await waitForHttp(verifyUrl, 120_000, server.child);
    const key = createTeamWithKey(dbFile, { keyName: "SIGTERM burst" });
    const headers = { authorization: `Bearer ${createServiceTokenIn(dbFile)}` };

    const responses = await Promise.all(
      Array.from({ length: BURST }, () => request.post(verifyUrl, { headers, data: { key: key.secret } })),
    );
    server.child.kill("SIGTERM");
    const signalledAt = Date.now();
    const codes = await Promise.all(responses.map(async (r) => `${r.status()} ${(await r.json()).code}`));
    expect(codes.filter((c) => c !== "200 VALID")).toEqual([]);

    expect(await waitForExit(server.child, 30_000)).toBe(0);
    // Whatever the buffer's timer had not written yet was written by the shutdown hook.
    const flushedAtShutdown = /flushed (\d+) buffered event/.exec(server.log())?.[1] ?? "0";
    test.info().annotations.push(
      { type: "flushed at shutdown", description: flushedAtShutdown },
      { type: "exit after SIGTERM (ms)", description: String(Date.now() - signalledAt) },
    );

    expect(Number(flushedAtShutdown)).toBe(BURST);
    const counts = usageCounts(dbFile, key.keyId);
    expect(counts.events).toBe(BURST);
    expect(counts.verifications).toEqual({ minute: BURST, hour: BURST, day: BURST });
  } catch (error) {
    console.error(server.log());
    throw error;
  } finally {
    await stopProcess(server.child);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
