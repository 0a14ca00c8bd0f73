/**
 * The webhook delivery worker: started by the server (scripts/start.ts), stopped by its
 * shutdown hook; importing this module starts nothing. Every WEBHOOK_WORKER_INTERVAL_MS
 * (1 s) it claims due deliveries (./claim.ts), up to `concurrency` in flight at once, and
 * sends each (./deliver.ts); a send that ends makes room for the next without waiting for the
 * others. Everything it knows is in the database, so a restart loses nothing: what was due
 * is claimed again, and a delivery whose worker died mid-send is retried once its lease ends
 * (receivers may then see an event twice: the same `webhook-id` tells them).
 * Any number of workers (replicas) may run together: a claim is exclusive.
 */
import { changeChannel } from "../server/change-channel";
import { claimDueDeliveries } from "./claim";
import { deliverClaimed, type DeliveryContext, type DeliveryResult } from "./deliver";
import { deliveryConfigFromEnv, type DeliveryConfig } from "./delivery-config";
import { emailEndpointDisabled } from "./disabled-email";
import type { Lookup } from "./ssrf";

type Env = Readonly<Record<string, string | undefined>>;
type Log = Pick<Console, "log" | "error">;

export type WebhookWorkerOptions = {
  env?: Env;
  /** Instead of reading `env`. */
  config?: DeliveryConfig;
  log?: Log;
  /** The clock: tests move it instead of sleeping. */
  now?: () => Date;
  /** Sends in flight at once (one worker). */
  concurrency?: number;
  timeoutMs?: number;
  lookup?: Lookup;
  random?: () => number;
};

export type DeliveryRunReport = { claimed: number } & Partial<Record<DeliveryResult, number>>;

export const DEFAULT_CONCURRENCY = 8;

function contextOf(options: WebhookWorkerOptions): DeliveryContext & { log: Log } {
  return {
    config: options.config ?? deliveryConfigFromEnv(options.env ?? process.env),
    now: options.now ?? (() => new Date()),
    timeoutMs: options.timeoutMs,
    lookup: options.lookup,
    random: options.random,
    log: options.log ?? console,
  };
}

async function deliverAndTell(claim: Parameters<typeof deliverClaimed>[0], ctx: DeliveryContext & { log: Log }): Promise<DeliveryResult | "error"> {
  try {
    const outcome = await deliverClaimed(claim, ctx);
    if (outcome.disabled) {
      const d = outcome.disabled;
      ctx.log.log(`[webhooks] disabled endpoint ${d.endpointId} of team ${d.teamId} after ${d.failedAttempts} failed attempts (last: ${d.lastError})`);
      await emailEndpointDisabled(d, ctx.log);
    }
    return outcome.result;
  } catch (error) {
    // The lease runs out and the delivery is tried again; nothing is lost.
    ctx.log.error(`[webhooks] delivery ${claim.id} failed unexpectedly:`, (error as Error)?.message ?? error);
    return "error";
  }
}

/** One pass: claims what is due now (up to `concurrency`) and sends it all. Tests drive the worker through this. */
export async function deliverDueWebhooks(options: WebhookWorkerOptions = {}): Promise<DeliveryRunReport> {
  const ctx = contextOf(options);
  const claims = await claimDueDeliveries(ctx.now(), options.concurrency ?? DEFAULT_CONCURRENCY);
  const report: DeliveryRunReport = { claimed: claims.length };
  for (const result of await Promise.all(claims.map((claim) => deliverAndTell(claim, ctx)))) {
    if (result !== "error") report[result] = (report[result] ?? 0) + 1;
  }
  return report;
}

// On globalThis (lib/server/change-channel.ts): a server action runs in Next.js's copy of these
// modules, the worker in the server's, and a wake must cross from one to the other.
const wakeups = changeChannel("webhook-deliveries");

/** Asks the workers of this process to look for due deliveries now (after queueing one, once committed). */
export function wakeWebhookWorkers(): void {
  wakeups.announce();
}

export type WebhookWorker = {
  /** Stops claiming and waits for the sends in flight (at most the send timeout). */
  stop(): Promise<void>;
};

export function startWebhookWorker(options: WebhookWorkerOptions = {}): WebhookWorker {
  const ctx = contextOf(options);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let polling: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(poll, delay);
    // Background work never keeps the process alive by itself.
    timer.unref();
  };

  function poll() {
    timer = null;
    if (stopped || polling) return;
    polling = (async () => {
      const room = concurrency - inFlight.size;
      const claims = room > 0 ? await claimDueDeliveries(ctx.now(), room) : [];
      for (const claim of claims) {
        const send: Promise<unknown> = deliverAndTell(claim, ctx).finally(() => {
          inFlight.delete(send);
          // Room again: more may be waiting.
          if (!stopped) schedule(0);
        });
        inFlight.add(send);
      }
    })()
      .catch((error) => ctx.log.error("[webhooks] could not claim deliveries:", (error as Error)?.message ?? error))
      .finally(() => {
        polling = null;
        schedule(ctx.config.intervalMs);
      });
  }

  const unsubscribe = wakeups.on(() => schedule(0));
  schedule(0);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      await polling;
      await Promise.all([...inFlight]);
    },
  };
}
