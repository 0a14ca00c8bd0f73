/**
 * The operator's settings for sending webhooks, read from the environment. The worker reads
 * them once at start (a malformed number stops the start, ConfigError); the URL check of the
 * console's forms reads the two network switches on each call.
 */
import { intFromEnv } from "../limits/env";

type Env = Readonly<Record<string, string | undefined>>;

export type NetworkPolicy = {
  /** WEBHOOK_ALLOW_HTTP=true: plain http:// URLs too (else https:// only). */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS=true: loopback, private and link-local addresses too. */
  allowPrivateNetworks: boolean;
};

export type DeliveryConfig = NetworkPolicy & {
  /** How often the worker looks for due deliveries. */
  intervalMs: number;
  /** An endpoint is disabled once this many attempts in a row failed… */
  disableAfterFailures: number;
  /** …and its first failure of that run is at least this many hours old. */
  disableAfterHours: number;
};

export const DEFAULT_DELIVERY_CONFIG = {
  intervalMs: 1000,
  disableAfterFailures: 50,
  disableAfterHours: 24,
} as const;

export function networkPolicyFromEnv(env: Env = process.env): NetworkPolicy {
  return {
    allowHttp: env.WEBHOOK_ALLOW_HTTP?.trim() === "true",
    allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS?.trim() === "true",
  };
}

export function deliveryConfigFromEnv(env: Env = process.env): DeliveryConfig {
  return {
    ...networkPolicyFromEnv(env),
    intervalMs: intFromEnv(env, "WEBHOOK_WORKER_INTERVAL_MS", DEFAULT_DELIVERY_CONFIG.intervalMs),
    disableAfterFailures: intFromEnv(env, "WEBHOOK_DISABLE_AFTER_FAILURES", DEFAULT_DELIVERY_CONFIG.disableAfterFailures),
    disableAfterHours: intFromEnv(env, "WEBHOOK_DISABLE_AFTER_HOURS", DEFAULT_DELIVERY_CONFIG.disableAfterHours, { min: 0 }),
  };
}
