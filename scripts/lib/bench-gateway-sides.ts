/**
 * The processes of `npm run bench:gateway`, each its own process so that only
 * the gateway under test runs in the process it measures:
 * - the fake Anthropic upstream (scripts/fake-anthropic.ts), which insists on
 *   the bench's upstream key, so a gateway that forwarded the partner's key
 *   would be answered 401;
 * - Portkey's open-source gateway (@portkey-ai/gateway, headless), told the
 *   provider and the fake upstream per request with its x-portkey-* headers;
 * - the Gatehouse production server (scripts/start.ts) on a throw-away SQLite
 *   database, with the fake upstream as ANTHROPIC_UPSTREAM_URL.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Endpoint } from "./bench-gateway-client";
import { freePort, startLogged, stopProcess, waitForHttp } from "./processes";

export const UPSTREAM_KEY = "sk-ant-bench-upstream-key";
export const ANTHROPIC_VERSION = "2023-06-01";
const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
/** TypeScript run in the process itself (not under tsx's CLI, which would be a parent process): its pid is the server's. */
const TS = ["--import", import.meta.resolve("tsx")];

export type Side = "direct" | "gatehouse" | "portkey";
export const SIDES: readonly Side[] = ["direct", "gatehouse", "portkey"];

type Running = { child: ReturnType<typeof startLogged>["child"]; log: () => string };

/** What scripts/lib/bench-gateway-probe.mjs reports for the time since its last report. */
export type ProbeReport = { seconds: number; loopP50Ms: number; loopP99Ms: number; loopMaxMs: number; gc: { count: number; totalMs: number; maxMs: number; major: number } };

export type Service = Running & {
  url: string;
  /** With --probe: asks the process for its probe report (and starts the next one). */
  probe(): Promise<ProbeReport>;
  /** CPU seconds the process has used so far (all threads, and its main thread alone); null where /proc is not there. */
  cpu(): { total: number; main: number } | null;
  stop(timeoutMs?: number): Promise<number | null>;
};

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime from a /proc stat line (fields 14 and 15; the name in parentheses may hold spaces). */
function statSeconds(file: string): number {
  const fields = fs.readFileSync(file, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function service(running: Running, url: string): Service {
  const pid = running.child.pid;
  const cpu = () => {
    try {
      return { total: statSeconds(`/proc/${pid}/stat`), main: statSeconds(`/proc/${pid}/task/${pid}/stat`) };
    } catch {
      return null;
    }
  };
  const probe = async (): Promise<ProbeReport> => {
    const reports = () => {
      const text = running.log();
      return text.slice(0, text.lastIndexOf("\n")).split("\n").filter((line) => line.startsWith("[probe] "));
    };
    const before = reports().length;
    running.child.kill("SIGUSR2");
    const deadline = Date.now() + 5000;
    while (reports().length === before) {
      if (Date.now() > deadline || running.child.exitCode !== null) throw new Error(`no probe report from process ${pid}: was it started with --probe?`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return JSON.parse(reports().at(-1)!.slice("[probe] ".length)) as ProbeReport;
  };
  return { ...running, url, cpu, probe, stop: (timeoutMs) => stopProcess(running.child, timeoutMs) };
}

const PROBE = ["--import", new URL("./bench-gateway-probe.mjs", import.meta.url).href];

/** Waits for a line of the process's output, or fails with what it printed. */
async function waitForOutput(running: Running, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(running.log())) {
    if (running.child.exitCode !== null) throw new Error(`${what} exited (${running.child.exitCode}):\n${running.log()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms:\n${running.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type UpstreamShape = { deltas: number; tokensPerDelta: number };

export async function startUpstream(shape: UpstreamShape): Promise<Service> {
  const port = await freePort();
  const running = startLogged(process.execPath, [...TS, path.join(root, "scripts/fake-anthropic.ts")], {
    ...process.env,
    PORT: String(port),
    FAKE_ANTHROPIC_API_KEY: UPSTREAM_KEY,
    FAKE_DELTAS: String(shape.deltas),
    FAKE_TOKENS_PER_DELTA: String(shape.tokensPerDelta),
    FAKE_EVENT_DELAY_MS: "0",
    FAKE_HEADER_DELAY_MS: "0",
  });
  await waitForOutput(running, /ready on /, 30_000, "the fake upstream");
  return service(running, `http://127.0.0.1:${port}`);
}

export async function startPortkey(profileDir?: string, probe = false): Promise<Service> {
  const entry = path.join(root, "node_modules/@portkey-ai/gateway/build/start-server.js");
  if (!fs.existsSync(entry)) throw new Error("@portkey-ai/gateway is not installed: run npm install");
  const port = await freePort();
  const running = startLogged(process.execPath, [...cpuProfile(profileDir, "portkey"), ...(probe ? PROBE : []), entry, "--headless", `--port=${port}`], process.env);
  await waitForOutput(running, /Ready for connections/, 30_000, "Portkey's gateway");
  return service(running, `http://127.0.0.1:${port}`);
}

/** A directory per process: Node writes one profile per thread (tsx's loader has its own), the main thread's is the largest. */
function cpuProfile(dir: string | undefined, name: string): string[] {
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(dir, name)}`] : [];
}

/** The Prisma clients and a production Next build, made once (bench:verify uses the same build directory). */
export function ensureBuild(distDir: string, log: (message: string) => void): void {
  if (!fs.existsSync(path.join(root, "lib/generated/prisma/client.ts"))) {
    log("generating the Prisma clients…");
    execFileSync(process.execPath, [tsx, path.join(root, "scripts/db-generate.ts")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }
  if (fs.existsSync(path.join(root, distDir, "BUILD_ID"))) return log(`using the existing Next build in ${distDir}`);
  log(`building Next into ${distDir} (once; delete it to rebuild)…`);
  execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
  });
}

export type GatehouseOptions = { databaseUrl: string; dataDir: string; upstreamUrl: string; distDir: string; profileDir?: string; probe?: boolean };

export async function startGatehouse(options: GatehouseOptions): Promise<Service> {
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_SECRET: "bench-only-secret",
    NEXT_DIST_DIR: options.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    GATEHOUSE_DATA_DIR: options.dataDir,
    ANTHROPIC_UPSTREAM_URL: options.upstreamUrl,
    ANTHROPIC_UPSTREAM_API_KEY: UPSTREAM_KEY,
    GATEWAY_DRAIN_SECONDS: "10",
  };
  const running = startLogged(process.execPath, [...cpuProfile(options.profileDir, "gatehouse"), ...TS, ...(options.probe ? PROBE : []), path.join(root, "scripts/start.ts")], env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v1/keys/verify`, 120_000, running.child);
  } catch (error) {
    console.error(running.log());
    await stopProcess(running.child);
    throw error;
  }
  return service(running, url);
}

/** How each side is called for the same request: the upstream's own key direct and via Portkey, the partner's Gatehouse key via Gatehouse. */
export function endpoints(urls: { upstream: string; gatehouse?: string; portkey?: string }, gatehouseKey?: string): Partial<Record<Side, Endpoint>> {
  const anthropic = { "anthropic-version": ANTHROPIC_VERSION };
  return {
    direct: { url: `${urls.upstream}/v1/messages`, headers: { ...anthropic, "x-api-key": UPSTREAM_KEY } },
    ...(urls.gatehouse && gatehouseKey ? { gatehouse: { url: `${urls.gatehouse}/v1/messages`, headers: { ...anthropic, "x-api-key": gatehouseKey } } } : {}),
    ...(urls.portkey
      ? {
          portkey: {
            url: `${urls.portkey}/v1/messages`,
            headers: { ...anthropic, "x-api-key": UPSTREAM_KEY, "x-portkey-provider": "anthropic", "x-portkey-custom-host": `${urls.upstream}/v1` },
          },
        }
      : {}),
  };
}
