/**
 * The periodic background jobs, started explicitly by the server
 * (scripts/start.ts) and stopped by its shutdown hook; importing this module
 * starts nothing.
 * - purge: every `purgeEveryMs` (15 s), deletes the usage of deleted teams
 *   (./purge.ts), if there is any: a cheap look first, the lock only then;
 * - retention: every `retentionEveryMs` (10 min), prunes what the policy no
 *   longer keeps (./retention.ts); the first run comes shortly after the
 *   start, so a server that restarts often still prunes;
 * - budget alerts: every `budgetAlertsEveryMs` (BUDGET_ALERT_INTERVAL_MS,
 *   15 s), emails the thresholds crossed (lib/budgets/alerts.ts). No job lock:
 *   inserting an alert's row is its claim, so replicas cannot send one twice;
 * - expiry reminders: every `expiryRemindersEveryMs` (EXPIRY_REMINDER_INTERVAL_MS,
 *   5 min), emails the keys 7 days and 1 day before they expire
 *   (lib/reminders/expiry.ts). No job lock either: a conditional update claims each.
 * Purge and retention run on one replica at a time (./job-lock.ts), in bounded
 * batches; no job overlaps itself: the next run is scheduled when one ends.
 */
import { budgetAlertIntervalFromEnv, checkBudgetAlerts, describeBudgetAlertRun } from "../budgets/alerts";
import { describeExpiryReminderRun, expiryReminderIntervalFromEnv, sendExpiryReminders } from "../reminders/expiry";
import { DEFAULT_PAUSE_MS, defaultBatchSize, type BatchStats } from "./batches";
import { withJobLock, type MaintenanceJob } from "./job-lock";
import { hasPendingPurges, purgeDeletedTeams } from "./purge";
import { DEFAULT_RETENTION, pruneExpired, type RetentionPolicy } from "./retention";

export type MaintenanceOptions = {
  retention?: RetentionPolicy;
  purgeEveryMs?: number;
  retentionEveryMs?: number;
  budgetAlertsEveryMs?: number;
  expiryRemindersEveryMs?: number;
  /** Delay before each job's first run. */
  firstRunAfterMs?: { purge: number; retention: number; budgetAlerts?: number; expiryReminders?: number };
  batchSize?: number;
  pauseMs?: number;
  /** Where one line per run that deleted something goes, and failures. */
  log?: Pick<Console, "log" | "error">;
};

export type Maintenance = {
  /** Stops after the batch in progress and waits for it; what is left is picked up after the next start. */
  stop(): Promise<void>;
};

export const DEFAULT_MAINTENANCE = {
  purgeEveryMs: 15_000,
  retentionEveryMs: 10 * 60_000,
  firstRunAfterMs: { purge: 5_000, retention: 60_000, budgetAlerts: 5_000, expiryReminders: 30_000 },
} as const;

const count = (n: number) => n.toLocaleString("en-US");
const described = (what: string, s: BatchStats) => (s.rows ? [`${count(s.rows)} ${what}`] : []);

export function startMaintenance(options: MaintenanceOptions = {}): Maintenance {
  const {
    retention = DEFAULT_RETENTION,
    purgeEveryMs = DEFAULT_MAINTENANCE.purgeEveryMs,
    retentionEveryMs = DEFAULT_MAINTENANCE.retentionEveryMs,
    budgetAlertsEveryMs = budgetAlertIntervalFromEnv(),
    expiryRemindersEveryMs = expiryReminderIntervalFromEnv(),
    firstRunAfterMs = DEFAULT_MAINTENANCE.firstRunAfterMs,
    batchSize = defaultBatchSize(),
    pauseMs = DEFAULT_PAUSE_MS,
    log = console,
  } = options;
  const abort = new AbortController();
  const batch = { batchSize, pauseMs, signal: abort.signal };
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const jobs: Record<MaintenanceJob | "budgetAlerts" | "expiryReminders", { every: number; run: () => Promise<string | null> }> = {
    purge: {
      every: purgeEveryMs,
      run: async () => {
        if (!(await hasPendingPurges())) return null;
        const locked = await withJobLock("purge", () => purgeDeletedTeams(batch));
        if (!locked.ran) return null;
        const { teamsPurged, events, rollups } = locked.result;
        const parts = [...described("events", events), ...described("rollups", rollups)];
        if (!parts.length && !teamsPurged) return null;
        return `purged ${parts.join(" and ") || "no rows"} of deleted teams in ${count(events.batches + rollups.batches)} batches; ${teamsPurged} team(s) done`;
      },
    },
    retention: {
      every: retentionEveryMs,
      run: async () => {
        const locked = await withJobLock("retention", () => pruneExpired(retention, batch));
        if (!locked.ran) return null;
        const r = locked.result;
        const parts = [
          ...described(`usage events older than ${retention.usageEventDays} days`, r.usageEvents),
          ...described(`minute rollups older than ${retention.minuteRollupDays} days`, r.minuteRollups),
          ...described("old sign-in records", r.signInAttempts),
          ...described("ended rate-limit counters", r.rateLimitCounters),
          ...described("expired sessions", r.sessions),
        ];
        return parts.length ? `pruned ${parts.join(", ")}` : null;
      },
    },
    budgetAlerts: {
      every: budgetAlertsEveryMs,
      run: async () => describeBudgetAlertRun(await checkBudgetAlerts(Date.now(), { log })),
    },
    expiryReminders: {
      every: expiryRemindersEveryMs,
      run: async () => describeExpiryReminderRun(await sendExpiryReminders(new Date(), { log })),
    },
  };

  const schedule = (name: keyof typeof jobs, delay: number) => {
    if (abort.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run: Promise<void> = jobs[name]
        .run()
        .then((line) => {
          if (line) log.log(`[maintenance] ${line}`);
        })
        .catch((error) => log.error(`[maintenance] ${name} failed:`, (error as Error)?.message ?? error))
        .finally(() => {
          running.delete(run);
          schedule(name, jobs[name].every);
        });
      running.add(run);
    }, delay);
    // Background work never keeps the process alive by itself.
    timer.unref();
    timers.add(timer);
  };
  schedule("purge", firstRunAfterMs.purge);
  schedule("retention", firstRunAfterMs.retention);
  schedule("budgetAlerts", firstRunAfterMs.budgetAlerts ?? DEFAULT_MAINTENANCE.firstRunAfterMs.budgetAlerts);
  schedule("expiryReminders", firstRunAfterMs.expiryReminders ?? DEFAULT_MAINTENANCE.firstRunAfterMs.expiryReminders);

  return {
    async stop() {
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
