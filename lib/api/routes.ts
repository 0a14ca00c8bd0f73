/**
 * The /api/v1 endpoints and what they run on. `registerApiRoutes` wires the
 * handlers to explicit dependencies (tests pass their own); `startApi` is what
 * the server runs at start: the store for DATABASE_URL, limits from the
 * environment, and a shutdown hook that writes every buffered event.
 */
import crypto from "node:crypto";
import type { HotPathLimiter } from "../limits/from-config";
import type { GcraLimiter } from "../limits/gcra";
import { MemoryGcraLimiter } from "../limits/gcra-memory";
import { MemoryLimiter } from "../limits/memory-limiter";
import { countAnswers } from "../metrics/requests";
import { CatalogueCache } from "../pricing/catalogue-cache";
import { onShutdown } from "../server/lifecycle";
import { openHotStore } from "../store/open";
import type { HotStore } from "../store/types";
import { UsageBuffer, usageBufferConfigFromEnv } from "../usage/buffer";
import { Reservations } from "../verify/reservation";
import { SpendLedger, spendTrackingStore } from "../verify/spend";
import { githubKeyringFromEnv } from "./github-signature";
import { leakedReportHandler, type LeakedDeps } from "./leaked-route";
import { verifyRateLimitFromEnv, type VerifyRateLimit } from "./rate-limit";
import { route } from "./router";
import { withServiceToken } from "./service-auth";
import { UsageQuota, usageQuotaConfigFromEnv } from "./usage-limits";
import { usageReportHandler } from "./usage-route";
import { verifyHandler } from "./verify-route";

/** Environment variables: process.env, or a test's own. */
type Env = Readonly<Record<string, string | undefined>>;

export type ApiDeps = {
  store: HotStore;
  usage: UsageBuffer;
  quota: UsageQuota;
  rateLimit: VerifyRateLimit | null;
  /** Requests- and tokens-per-minute of keys and teams. */
  gcra: GcraLimiter;
  catalogue: CatalogueCache;
  spend: SpendLedger;
  reservations: Reservations;
  /** POST /api/v1/keys/leaked: its rate limiter and GitHub's public keys (GITHUB_SECRET_SCANNING_KEYS). */
  leaked: Omit<LeakedDeps, "store">;
};

export function registerApiRoutes(deps: ApiDeps): void {
  // Verify counts its own answers (by verdict code, without a listener per request); the others by status class.
  route("POST", "/api/v1/keys/verify", withServiceToken(deps.store, verifyHandler(deps), "verify"));
  route("POST", "/api/v1/usage", countAnswers("usage", withServiceToken(deps.store, usageReportHandler(deps))));
  // Service token or GitHub's signature; counted as leaked_keys.
  route("POST", "/api/v1/keys/leaked", leakedReportHandler({ store: deps.store, ...deps.leaked }));
}

export type ApiRuntime = ApiDeps & {
  /** Writes everything buffered (retrying a busy database for up to `deadlineMs`) and closes the store. */
  close(deadlineMs?: number): Promise<void>;
};

/**
 * Builds the API's dependencies from `env`; the caller registers them and owns the shutdown.
 * `limiter` counts the verify rate limit and the usage quotas: the server's hot-path limiter
 * (lib/limits/from-config.ts), this process's memory by default.
 */
export async function createApiRuntime(
  env: Env = process.env,
  overrides: Partial<ApiDeps> = {},
  { limiter = new MemoryLimiter(), gcra = new MemoryGcraLimiter() }: { limiter?: HotPathLimiter; gcra?: GcraLimiter } = {},
): Promise<ApiRuntime> {
  // Checked first: a malformed key document stops the start before anything is opened.
  const leaked = overrides.leaked ?? { limiter, githubKeys: githubKeyringFromEnv(env) };
  const store = overrides.store ?? (await openHotStore());
  const spend = overrides.spend ?? new SpendLedger();
  const usage = overrides.usage ?? new UsageBuffer(spendTrackingStore(store, spend), usageBufferConfigFromEnv(env));
  const catalogue = overrides.catalogue ?? (await new CatalogueCache().start());
  // Signs token reservations; replicas that share the session secret settle each other's.
  const reservations = overrides.reservations ?? new Reservations(env.NEXTAUTH_SECRET || crypto.randomBytes(32).toString("hex"));
  const gcraLimiter = overrides.gcra ?? gcra;
  const quota = overrides.quota ?? new UsageQuota(limiter, usageQuotaConfigFromEnv(env));
  const rateLimit = overrides.rateLimit !== undefined ? overrides.rateLimit : verifyRateLimitFromEnv(env, limiter);
  let closing: Promise<void> | null = null;
  const close = (deadlineMs = 10_000) =>
    (closing ??= (async () => {
      const writtenBefore = usage.stats().written;
      usage.close();
      catalogue.stop();
      const { unwritten } = await store.close({ deadlineMs });
      await usage.flush();
      const flushed = usage.stats().written - writtenBefore;
      if (flushed > 0) console.log(`[usage] flushed ${flushed} buffered event(s) at shutdown`);
      if (unwritten > 0) console.error(`[usage] ${unwritten} event(s) could not be written at shutdown`);
    })());
  return { store, usage, quota, rateLimit, gcra: gcraLimiter, catalogue, spend, reservations, leaked, close };
}

/** What `npm start` runs after migrating: the API on the configured database, flushed on SIGTERM. */
export async function startApi(env: Env = process.env, options: { limiter?: HotPathLimiter; gcra?: GcraLimiter } = {}): Promise<ApiRuntime> {
  const runtime = await createApiRuntime(env, {}, options);
  registerApiRoutes(runtime);
  onShutdown("usage-buffer", () => runtime.close());
  return runtime;
}
