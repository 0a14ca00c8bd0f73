/**
 * A throw-away Redis server on loopback for tests and benchmarks (Debian's
 * redis-server: no persistence, own port). `scripts/test.sh` installs the
 * package when it is missing.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import { freePort, stopProcess } from "./processes";

export type TestRedis = { url: string; port: number; stop: () => Promise<void> };

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? "redis-server";

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** `port`: a fixed port, e.g. to restart a stopped server where its clients will reconnect. */
export async function startRedis(options: { port?: number } = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  await waitForPort(port, 10_000).catch((error) => {
    child.kill("SIGKILL");
    throw exited ? new Error(`${REDIS_SERVER} failed to start (is Debian's redis-server installed?)`) : error;
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopProcess(child, 5000);
    },
  };
}
