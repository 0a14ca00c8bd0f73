/**
 * For the gateway's tests (and the e2e and benchmark helpers): the real HTTP
 * server on a free loopback port with the API and the gateway wired to the
 * test database, in front of a fake upstream (./fake-upstream.ts) that
 * insists on its own key; and keys with a policy, made straight in the
 * database.
 */
import Anthropic, { type ClientOptions } from "@anthropic-ai/sdk";
import type { AddressInfo } from "node:net";
import { createApiRuntime, registerApiRoutes, type ApiDeps } from "../../api/routes";
import { createTestKey } from "../../api/test-helpers";
import { db } from "../../db";
import { createGatehouseServer } from "../../server/http-server";
import type { ServerLimits } from "../../server/server-limits";
import { announceKeyChange } from "../../store/key-changes";
import { makeTeam } from "../../testing/factories";
import { Gateway } from "../gateway";
import { gatewayConfigFromEnv } from "../config";
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from "./fake-upstream";

type Env = Readonly<Record<string, string | undefined>>;

export const TEST_UPSTREAM_KEY = "sk-ant-upstream-test-0123456789";

export type GatewayServerOptions = {
  /** Extra gateway/API environment (GATEWAY_DRAIN_SECONDS…); ANTHROPIC_UPSTREAM_* point at the fake unless set here. */
  env?: Env;
  /** Replace single API dependencies (a smaller buffer, another limiter). */
  overrides?: Partial<ApiDeps>;
  /** Options of the fake upstream it starts. */
  upstream?: FakeUpstreamOptions;
  /** Start without ANTHROPIC_UPSTREAM_API_KEY (the gateway answers 503). */
  noUpstreamKey?: boolean;
  limits?: Partial<ServerLimits>;
};

export async function startGatewayServer(options: GatewayServerOptions = {}) {
  const fake = await startFakeUpstream({ apiKey: TEST_UPSTREAM_KEY, ...options.upstream });
  const env: Env = {
    ANTHROPIC_UPSTREAM_URL: fake.url,
    ANTHROPIC_UPSTREAM_API_KEY: options.noUpstreamKey ? undefined : TEST_UPSTREAM_KEY,
    ...options.env,
  };
  const runtime = await createApiRuntime(env, options.overrides);
  registerApiRoutes(runtime);
  const gateway = new Gateway(runtime, gatewayConfigFromEnv(env));
  const server = createGatehouseServer({
    trustProxy: false,
    nextHandler: (_req, res) => {
      res.writeHead(404);
      res.end();
    },
    gateway: gateway.handle,
    limits: options.limits,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    /** The gateway's (and the console's) base URL: the SDK's baseURL. */
    base,
    fake,
    runtime,
    gateway,
    server,
    /** Waits until every buffered usage event is in the database. */
    flush: () => runtime.usage.flush(),
    /** The official SDK pointed at the gateway with a Gatehouse key (no retries unless asked). */
    client: (apiKey: string, clientOptions: ClientOptions = {}) => new Anthropic({ baseURL: base, apiKey, maxRetries: 0, ...clientOptions }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.drain(0);
      await runtime.close();
      await fake.close();
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startGatewayServer>>;

/** A key's policy columns (lib/policy/), as stored. */
export type KeyPolicyData = {
  allowedModels?: string[] | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  budgetMicros?: number | null;
  ipAllowlist?: string[];
};

/** A new team with one owner, and a key of it with `policy`; `team` sets the team's own columns (suspended, budgets…). */
export async function createGatewayKey(policy: KeyPolicyData = {}, team: Parameters<typeof db.team.update>[0]["data"] = {}) {
  const { team: t } = await makeTeam(["owner"]);
  if (Object.keys(team).length > 0) await db.team.update({ where: { id: t.id }, data: team });
  const { key, secret } = await createTestKey(t.id);
  const data: Parameters<typeof db.apiKey.update>[0]["data"] = {};
  if (policy.allowedModels !== undefined) data.allowedModels = policy.allowedModels === null ? null : JSON.stringify(policy.allowedModels);
  if (policy.rpmLimit !== undefined) data.rpmLimit = policy.rpmLimit;
  if (policy.tpmLimit !== undefined) data.tpmLimit = policy.tpmLimit;
  if (policy.budgetMicros !== undefined) data.budgetMicros = policy.budgetMicros === null ? null : BigInt(policy.budgetMicros);
  if (policy.ipAllowlist !== undefined) data.ipAllowlist = JSON.stringify(policy.ipAllowlist);
  if (Object.keys(data).length > 0) await db.apiKey.update({ where: { id: key.id }, data });
  announceKeyChange({ keyIds: [key.id], teamIds: [t.id] });
  return { teamId: t.id, keyId: key.id, secret };
}
