/** `npm start` refuses settings it cannot run with, saying why in one line (no stack trace). */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testEngine } from "../lib/testing/engine";

function start(env: Record<string, string | undefined>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-start-"));
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/start.ts"],
      { env: { ...process.env, PORT: "0", GATEHOUSE_DATA_DIR: dataDir, NEXTAUTH_SECRET: undefined, ...env }, timeout: 30_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

// The same on both engines: it runs in the SQLite pass only.
describe.runIf(testEngine() === "sqlite")("npm start with settings it cannot run with", () => {
  it("stops on an unsupported DATABASE_URL, naming it (password masked) and the supported forms", async () => {
    const { code, stderr } = await start({ DATABASE_URL: "mysql://root:hunter2@db/gatehouse" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      '[gatehouse] DATABASE_URL "mysql://root:***@db/gatehouse" uses "mysql:", which Gatehouse does not support: use file:./data/gatehouse.db (SQLite) or postgresql://user:password@host:5432/gatehouse (PostgreSQL 15+).',
    );
  });

  it("stops on PostgreSQL without NEXTAUTH_SECRET: replicas must share one session secret", async () => {
    // Refused before any connection is tried: nothing listens on port 1.
    const { code, stderr } = await start({ DATABASE_URL: "postgresql://gate@127.0.0.1:1/gatehouse" });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^\[gatehouse\] NEXTAUTH_SECRET is not set\. With PostgreSQL every Gatehouse replica must sign sessions with the same secret/);
  });
});
